//! Cooplan through PagoFácil Bolivia: endpoints, client and safe payment (being built).
