/*
 * recaudo from C, the way an app uses it: connect to a biller, look up a customer's debts, pay
 * one, and act on every result code. Built by `cargo xtask ffi-test` three ways (pkg-config
 * shared, pkg-config static, CMake `find_package(recaudo)`) and run against the simulator, the
 * shared build under valgrind.
 *
 *   pay BASE_URL CUSTOMER RECEIPT      e.g.  pay http://127.0.0.1:8080/unicomer/ 0900000001 R-1
 *
 * The credentials below are the simulator's fake ones. Exit status: 0 when the payment is
 * confirmed, 1 when it is not, 2 on a usage or set-up error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recaudo.h"

/* What the app does about a failed call. The JSON detail (biller code and message, HTTP status,
 * whether the request may have reached the biller) is in recaudo_last_error_json(). */
static const char *advice(recaudo_result r) {
    switch (r) {
    case RECAUDO_OK: return "done";
    case RECAUDO_NULL_ARGUMENT:
    case RECAUDO_INVALID_UTF8:
    case RECAUDO_INVALID_HANDLE: return "a bug in this program: fix the call";
    case RECAUDO_PANIC:
    case RECAUDO_INTERNAL: return "a bug in recaudo: report it";
    case RECAUDO_INVALID_INPUT:
    case RECAUDO_INVALID_AMOUNT: return "ask the cashier to correct the input";
    case RECAUDO_CONFIG:
    case RECAUDO_INSECURE_URL:
    case RECAUDO_AUTH: return "fix the configuration or credentials";
    case RECAUDO_CONNECT: return "nothing was sent: safe to try again";
    case RECAUDO_TIMEOUT:
    case RECAUDO_NETWORK: return "the biller may have the payment: check its status before paying again";
    case RECAUDO_BILLER:
    case RECAUDO_UNSUPPORTED: return "the biller said no: show its message";
    case RECAUDO_HTTP_STATUS:
    case RECAUDO_DECODE: return "the biller's reply was unexpected: check its status later";
    case RECAUDO_STORAGE: return "the journal failed: fix the disk, then resume";
    }
    return "unknown result: treat as a failure";
}

/* Prints a failure: the code's fixed text, the call's own message, and what to do. */
static void report(const char *call, recaudo_result r) {
    char meaning[128];
    size_t written = 0;
    if (recaudo_result_message((int)r, meaning, sizeof meaning, &written) != RECAUDO_OK) {
        strcpy(meaning, "?");
    }
    fprintf(stderr, "%s failed (%d, %s): %s\n  -> %s\n  detail: %s\n", call, (int)r, meaning,
            recaudo_last_error(), advice(r), recaudo_last_error_json());
}

/* The first `"key":"value"` string in `json`, copied into `out`. */
static int json_string(const char *json, const char *key, char *out, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *start = strstr(json, pattern);
    if (!start) return 0;
    start += strlen(pattern);
    const char *end = strchr(start, '"');
    if (!end || (size_t)(end - start) >= size) return 0;
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s BASE_URL CUSTOMER RECEIPT\n", argv[0]);
        return 2;
    }
    printf("recaudo %s (header %s)\n", recaudo_c_version(), RECAUDO_VERSION);
    if (strcmp(recaudo_c_version(), RECAUDO_VERSION) != 0) {
        fprintf(stderr, "the header and the library are of different versions\n");
        return 2;
    }

    char options[1024];
    snprintf(options, sizeof options,
             "{\"biller\":\"unicomer\",\"connection\":{\"baseUrl\":\"%s\",\"timeoutMs\":5000},"
             "\"username\":\"cajero@recaudo.test\",\"password\":\"fake-password-123\","
             "\"commerce\":\"EMPTEST\"}",
             argv[1]);
    recaudo_collector *collector = NULL;
    recaudo_result r = recaudo_collector_new(options, &collector);
    if (r != RECAUDO_OK) {
        report("recaudo_collector_new", r);
        return 2;
    }

    /* Look up: the statement is JSON, owned by the caller until recaudo_string_free. */
    char *statement = NULL;
    r = recaudo_collector_lookup(collector, argv[2], &statement);
    if (r != RECAUDO_OK) {
        report("recaudo_collector_lookup", r);
        recaudo_collector_free(collector);
        return 1;
    }
    char debt[128];
    int found = json_string(statement, "debt_id", debt, sizeof debt);
    recaudo_string_free(statement);
    if (!found) {
        fprintf(stderr, "customer %s owes nothing\n", argv[2]);
        recaudo_collector_free(collector);
        return 1;
    }
    printf("debt %s\n", debt);

    /* Pay 10.00 of it: amounts are decimal strings, never doubles. */
    char request[1024];
    snprintf(request, sizeof request,
             "{\"debt_id\":\"%s\",\"amount\":\"10.00\",\"receipt\":\"%s\",\"paid_at\":null,"
             "\"cashier\":\"CAJERO EJEMPLO\",\"location\":\"AGENCIA EJEMPLO\",\"payer\":null,"
             "\"balance\":null,\"extra\":{}}",
             debt, argv[3]);
    char *paid = NULL;
    r = recaudo_collector_pay(collector, request, &paid);
    recaudo_collector_free(collector);
    if (r != RECAUDO_OK) {
        report("recaudo_collector_pay", r);
        return 1;
    }
    char outcome[32] = "";
    json_string(paid, "outcome", outcome, sizeof outcome);
    printf("payment %s: %s\n", argv[3], outcome);
    recaudo_string_free(paid);
    return strcmp(outcome, "confirmed") == 0 ? 0 : 1;
}
