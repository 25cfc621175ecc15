//! Opaque handles that detect misuse instead of crashing where that is feasible.
//!
//! Every handle (and every string recaudo hands out) is recorded in a process-wide registry of
//! live pointers, with its kind, when it is created, and removed when it is freed. An entry
//! point looks a pointer up **before** dereferencing it, so a freed handle, a double free, a
//! handle of another kind (a service where a collector is expected) or a pointer that never came
//! from recaudo is refused with `RECAUDO_INVALID_HANDLE` without touching its memory. Each
//! handle also carries a magic tag, checked after the lookup, as a second line of defence.
//!
//! Limits: an address freed and then reused for a new handle of the same kind is that new,
//! valid handle (indistinguishable, and safe to use); a pointer into the middle of a handle is
//! not detected as anything but foreign. The lookup and the cloning of the handle's contents
//! happen under the registry's lock, so freeing a handle on one thread while another thread uses
//! it is safe: the call in flight keeps its own reference until it ends.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// What a registered pointer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Collector,
    Service,
    String,
}

static LIVE: Mutex<BTreeMap<usize, Kind>> = Mutex::new(BTreeMap::new());

fn live() -> std::sync::MutexGuard<'static, BTreeMap<usize, Kind>> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner())
}

/// A boxed value behind an opaque C handle.
pub(crate) trait Handle: Sized + 'static {
    const KIND: Kind;
    const MAGIC: u64;
    type Inner: ?Sized;
    fn magic(&self) -> u64;
    fn inner(&self) -> &Arc<Self::Inner>;
}

/// Boxes `value` and records it as live; the pointer goes to C.
pub(crate) fn register<H: Handle>(value: H) -> *mut H {
    let ptr = Box::into_raw(Box::new(value));
    live().insert(ptr as usize, H::KIND);
    ptr
}

/// The handle's contents, if `ptr` is a live handle of kind `H`.
pub(crate) fn get<H: Handle>(ptr: *const H) -> Option<Arc<H::Inner>> {
    let registry = live();
    if registry.get(&(ptr as usize)) != Some(&H::KIND) {
        return None;
    }
    // SAFETY: the registry holds exactly the pointers `register` produced for this kind and
    // not yet released, and releasing takes the same lock, so `ptr` points to a live `H`.
    let handle = unsafe { &*ptr };
    (handle.magic() == H::MAGIC).then(|| handle.inner().clone())
}

/// Removes `ptr` from the registry and frees it; `false` if it was not a live handle of kind `H`.
pub(crate) fn release<H: Handle>(ptr: *mut H) -> bool {
    {
        let mut registry = live();
        if registry.get(&(ptr as usize)) != Some(&H::KIND) {
            return false;
        }
        registry.remove(&(ptr as usize));
    }
    // SAFETY: registered by `register` (a `Box<H>`), and now removed, so freed exactly once.
    drop(unsafe { Box::from_raw(ptr) });
    true
}

/// Records a string handed to C (freed by `recaudo_string_free`).
pub(crate) fn register_string(ptr: *mut std::ffi::c_char) {
    live().insert(ptr as usize, Kind::String);
}

/// Forgets a string; `false` if `ptr` is not a live recaudo string.
pub(crate) fn release_string(ptr: *mut std::ffi::c_char) -> bool {
    let mut registry = live();
    if registry.get(&(ptr as usize)) == Some(&Kind::String) {
        registry.remove(&(ptr as usize));
        true
    } else {
        false
    }
}
