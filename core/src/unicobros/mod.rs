//! Unicobros (Mobbex white label), Argentina: endpoints, client and safe payment (being built).
