//! No planted credential in the FFI's error paths: the uniffi error's fields and `Debug`, the
//! options' `Debug`, and the C API's last error (text and JSON), including JSON that puts a
//! secret where another type is expected. No network: every failure here happens before sending.

use std::ffi::{CStr, CString};

use recaudo_core::collection::BillerOptions;
use recaudo_ffi::RecaudoError;
use recaudo_ffi::c_api::{
    recaudo_collector, recaudo_collector_free, recaudo_collector_new, recaudo_last_error,
    recaudo_last_error_json, recaudo_result,
};

const PLANTED: &str = "planted-ffi-secret-9931";

fn last_error() -> String {
    let message = unsafe { CStr::from_ptr(recaudo_last_error()) };
    let json = unsafe { CStr::from_ptr(recaudo_last_error_json()) };
    format!("{} {}", message.to_string_lossy(), json.to_string_lossy())
}

fn new_collector(options: &str) -> (recaudo_result, *mut recaudo_collector) {
    let options = CString::new(options).unwrap();
    let mut collector = std::ptr::null_mut();
    let result = unsafe { recaudo_collector_new(options.as_ptr(), &mut collector) };
    (result, collector)
}

#[test]
fn options_debug_masks_every_credential() {
    for options in [
        format!(
            r#"{{"biller":"unicomer","connection":{{"baseUrl":"https://u.example/"}},"username":"u","password":"{PLANTED}","commerce":"C"}}"#
        ),
        format!(
            r#"{{"biller":"unicobros","connection":{{"baseUrl":"https://u.example/"}},"apiKey":"{PLANTED}","accessToken":"{PLANTED}"}}"#
        ),
        format!(
            r#"{{"biller":"cooplan","connection":{{"baseUrl":"https://u.example/"}},"codSeguridad":"{PLANTED}","login":"l","pwd":"{PLANTED}"}}"#
        ),
    ] {
        let parsed: BillerOptions = serde_json::from_str(&options).unwrap();
        assert!(!format!("{parsed:?}").contains(PLANTED));
    }
}

#[test]
fn c_last_error_never_quotes_a_misplaced_secret() {
    let (result, collector) = new_collector(&format!(
        r#"{{"biller":"unicomer","connection":{{"baseUrl":"https://u.example/","timeoutMs":"{PLANTED}"}},"username":"u","password":"p","commerce":"C"}}"#
    ));
    assert_eq!(result, recaudo_result::RECAUDO_INVALID_INPUT);
    assert!(collector.is_null());
    let error = last_error();
    assert!(error.contains("wrong type"), "{error}");
    assert!(!error.contains(PLANTED), "{error}");
}

#[test]
fn c_insecure_url_error_and_uniffi_error_hold_no_secret() {
    let (result, collector) = new_collector(&format!(
        r#"{{"biller":"zoom","connection":{{"baseUrl":"http://zoom.example/"}},"login":"l","password":"{PLANTED}"}}"#
    ));
    assert_eq!(result, recaudo_result::RECAUDO_INSECURE_URL);
    assert!(!last_error().contains(PLANTED));
    unsafe { recaudo_collector_free(collector) };

    let auth = recaudo_core::Error::Auth {
        http_status: 400,
        biller_code: Some("invalid_grant".into()),
        biller_message: Some("bad user or password".into()),
    };
    let e = RecaudoError::from(auth);
    assert_eq!(e.code(), recaudo_core::ErrorCode::Auth);
    assert!(matches!(
        e,
        RecaudoError::Auth {
            http_status: Some(400),
            ..
        }
    ));
    assert!(!format!("{e:?} {e}").contains(PLANTED));
}

#[test]
fn a_valid_collector_is_built_and_freed_once() {
    let (result, collector) = new_collector(
        r#"{"biller":"zoom","connection":{"baseUrl":"http://127.0.0.1:9/"},"login":"l","password":"p"}"#,
    );
    assert_eq!(result, recaudo_result::RECAUDO_OK);
    assert!(!collector.is_null());
    unsafe { recaudo_collector_free(collector) };
    assert_eq!(last_error(), " ");
    // A double free is detected, not performed.
    unsafe { recaudo_collector_free(collector) };
    assert!(last_error().contains("not a live recaudo handle"));
}
