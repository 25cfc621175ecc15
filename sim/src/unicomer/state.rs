//! What the simulated Unicomer remembers: customers with their invoices, payments, tokens.
//!
//! Balances are never stored: an invoice's are its seeded amounts minus the payments that
//! count now, so a payment's state change (or the clock closing its sync window) shows at once.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::tokens::Tokens;

/// Payment states (`cod_status` / `estado`).
pub(crate) const REGISTERED: i32 = 0;
pub(crate) const SYNCHRONISED: i32 = 1;
pub(crate) const ZOMBIE: i32 = 2;
pub(crate) const REVERSED: i32 = 4;
pub(crate) const SYNC_PROBLEMS: i32 = 99;

/// The document's description of each payment state (with its spelling, "Zoombie").
pub(crate) fn estado_desc(estado: i32) -> &'static str {
    match estado {
        REGISTERED => "Registrado",
        SYNCHRONISED => "Sincronizado",
        ZOMBIE => "Zoombie",
        REVERSED => "Reversado",
        SYNC_PROBLEMS => "Problemas para sincronizar",
        _ => "No existe",
    }
}

/// Header of a statement (`datosCliente`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DatosCliente {
    pub tipo_campana: i32,
    pub cl_cedruc: String,
    pub cl_nombres: String,
    pub cl_apellidos: String,
    pub cl_direcc1: String,
    pub cl_direcc2: String,
    pub ciudadcliente: String,
    pub tipo_doc: String,
    pub sexo: String,
    pub cl_email: String,
}

/// One instalment credit as seeded; the three balances are before any simulated payment.
#[derive(Clone, Debug)]
pub(crate) struct Invoice {
    pub id: i64,
    pub factura: i64,
    pub operacion: Decimal,
    pub credito_fch: String,
    pub credito_valor: Decimal,
    pub item_cant: Decimal,
    pub item_desc: String,
    pub factura_full: String,
    pub credito_cuota: Decimal,
    pub credito_plazo: i32,
    pub prox_fecvto: String,
    pub dias_mora: i32,
    pub cuotas_pagadas: i32,
    pub cuotas_pendientes: i32,
    pub cuotas_vencidas: i32,
    pub monto_vencido: Decimal,
    pub recargo_gasto: Decimal,
    pub interes_mora: Decimal,
    pub valor_pagar: Decimal,
    pub deuda_tot_sinpro: Decimal,
    pub deuda_tot_conpro: Decimal,
    pub tiene_inicial: String,
    pub tiene_mora: String,
    pub porc_comision: Decimal,
    pub cadena: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Customer {
    pub datos: DatosCliente,
    pub invoices: Vec<Invoice>,
    pub telefonos: Vec<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub idtrx: i64,
    /// The invoice id it was registered against.
    pub secuencial: i64,
    pub idcommerce: String,
    pub fch_proceso: NaiveDateTime,
    pub val_pagado: Decimal,
    pub localidad_recauda: String,
    pub nombre_cajero: String,
    pub num_recibo: String,
    /// Simulated time of registration (`fch_registro`); the sync window counts from here.
    pub registered_at: NaiveDateTime,
    /// The state last set (see the module docs for how 0 turns into 1).
    pub stored_estado: i32,
}

impl Payment {
    /// The state as the biller would report it now.
    pub fn estado(&self, now: NaiveDateTime, sync_window_secs: i64) -> i32 {
        if self.stored_estado == REGISTERED
            && (now - self.registered_at).num_seconds() >= sync_window_secs
        {
            SYNCHRONISED
        } else {
            self.stored_estado
        }
    }

    /// Registered and synchronised payments count against the debt; zombie ("not
    /// registered"), reversed and failed ones do not.
    pub(super) fn counts(&self, now: NaiveDateTime, sync_window_secs: i64) -> bool {
        matches!(
            self.estado(now, sync_window_secs),
            REGISTERED | SYNCHRONISED
        )
    }
}

/// An invoice's balances after the payments that count.
pub(crate) struct Balances {
    pub valor_pagar: Decimal,
    pub deuda_tot_sinpro: Decimal,
    pub deuda_tot_conpro: Decimal,
}

/// Everything the simulated Unicomer remembers.
pub(crate) struct State {
    pub customers: BTreeMap<String, Customer>,
    pub tokens: Tokens,
    pub payments: Vec<Payment>,
    pub next_idtrx: i64,
}

impl State {
    /// The invoice with this id (ids are unique across customers).
    pub fn invoice(&self, id: i64) -> Option<&Invoice> {
        self.customers
            .values()
            .flat_map(|c| c.invoices.iter())
            .find(|i| i.id == id)
    }

    /// Balances of an invoice at `now`: the seeded amounts minus the payments that count,
    /// never below zero.
    pub fn balances(&self, inv: &Invoice, now: NaiveDateTime, window: i64) -> Balances {
        let paid: Decimal = self
            .payments
            .iter()
            .filter(|p| p.secuencial == inv.id && p.counts(now, window))
            .map(|p| p.val_pagado)
            .fold(Decimal::ZERO, |a, b| {
                a.checked_add(b).unwrap_or(Decimal::MAX)
            });
        let less = |d: Decimal| (d - paid).max(Decimal::ZERO);
        Balances {
            valor_pagar: less(inv.valor_pagar),
            deuda_tot_sinpro: less(inv.deuda_tot_sinpro),
            deuda_tot_conpro: less(inv.deuda_tot_conpro),
        }
    }

    /// Adds or replaces a customer. An invoice id already used by another customer moves to
    /// this one, so that `secuencial` keeps naming exactly one invoice.
    pub fn put_customer(&mut self, customer: Customer) {
        let ids: Vec<i64> = customer.invoices.iter().map(|i| i.id).collect();
        for other in self.customers.values_mut() {
            other.invoices.retain(|i| !ids.contains(&i.id));
        }
        self.customers
            .insert(customer.datos.cl_cedruc.clone(), customer);
    }
}
