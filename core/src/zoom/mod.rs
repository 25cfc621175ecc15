//! Zoom International Services, Venezuela: endpoints, client and safe payment (being built).
