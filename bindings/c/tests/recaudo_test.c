/*
 * recaudo from C, against the simulator started by `cargo xtask ffi-test` (RECAUDO_SIM_URL):
 * every biller's lookup and pay, a lost reply recovered, typed errors with the biller's fields,
 * journal resume after a crash, and every entry point given NULL, invalid UTF-8, freed and
 * foreign handles, and amounts that are not numbers; billers' own services (Cooplan's, Zoom's
 * pay button approved at the simulated bank's page) through the one JSON function, and what it
 * refuses. Run under valgrind by xtask.
 * Prints `test result: ok. N passed; M failed`.
 */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "recaudo.h"

static int passed = 0, failed = 0, current_failed = 0;
static char sim_base[256];
static int sim_port = 0;
static char journal_dir[256];
static long receipt_seq = 0;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("    %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            printf(__VA_ARGS__);                                             \
            printf(" (last error: %s)\n", recaudo_last_error());             \
            current_failed = 1;                                              \
            return;                                                          \
        }                                                                    \
    } while (0)

#define EXPECT_RESULT(expr, want)                                            \
    do {                                                                     \
        recaudo_result got_ = (expr);                                        \
        CHECK(got_ == (want), "%s returned %d, expected %d", #expr, (int)got_, (int)(want)); \
    } while (0)

static void run(const char *name, void (*test)(void)) {
    current_failed = 0;
    test();
    if (current_failed) {
        failed++;
        printf("test %s ... FAILED\n", name);
    } else {
        passed++;
        printf("test %s ... ok\n", name);
    }
}

/* ---- the simulator's control API, over a plain socket ---- */

/* Sends one HTTP/1.1 request to the simulator at `path` (from `/`); returns the malloc'd reply
 * (headers and body). */
static char *http_to_sim(const char *method, const char *path, const char *content_type, const char *body) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return NULL;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)sim_port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return NULL;
    }
    char head[512];
    size_t body_len = body ? strlen(body) : 0;
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
                     method, path, content_type, body_len);
    if (write(fd, head, (size_t)n) != n || (body_len && write(fd, body, body_len) != (ssize_t)body_len)) {
        close(fd);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *reply = malloc(cap);
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap *= 2;
            reply = realloc(reply, cap);
        }
        ssize_t got = read(fd, reply + len, 4096);
        if (got <= 0) break;
        len += (size_t)got;
    }
    reply[len] = '\0';
    close(fd);
    return reply;
}

/* The simulator's control API (`/_sim/<path>`, JSON). */
static char *sim_http(const char *method, const char *path, const char *body) {
    char full[256];
    snprintf(full, sizeof full, "/_sim/%s", path);
    return http_to_sim(method, full, "application/json", body);
}

/* `text` percent-encoded for a form body (everything but letters and digits). */
static void form_encode(char *buf, size_t size, const char *text) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && n + 4 < size; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
            buf[n++] = (char)*p;
        } else {
            n += (size_t)snprintf(buf + n, size - n, "%%%02X", *p);
        }
    }
    buf[n] = '\0';
}

static int sim_ok(const char *method, const char *path, const char *body) {
    char *reply = sim_http(method, path, body);
    int ok = reply && strncmp(reply, "HTTP/1.1 200", 12) == 0;
    free(reply);
    return ok;
}

static int sim_fault(const char *biller, const char *endpoint, const char *kind) {
    char body[256];
    snprintf(body, sizeof body, "{\"biller\":\"%s\",\"endpoint\":\"%s\",\"kind\":\"%s\"}", biller,
             endpoint, kind);
    return sim_ok("POST", "faults", body);
}

/* How many times `needle` occurs in the simulator's state. */
static int sim_count(const char *needle) {
    char *state = sim_http("GET", "state", NULL);
    int count = 0;
    for (const char *p = state; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) count++;
    free(state);
    return count;
}

/* The number after the first `"key":` in the simulator's state (request counters), or -1. */
static long sim_number(const char *key) {
    char needle[128];
    snprintf(needle, sizeof needle, "\"%s\":", key);
    char *state = sim_http("GET", "state", NULL);
    const char *p = state ? strstr(state, needle) : NULL;
    long n = p ? strtol(p + strlen(needle), NULL, 10) : -1;
    free(state);
    return n;
}

static int unicomer_payments(const char *receipt) {
    char needle[128];
    snprintf(needle, sizeof needle, "\"num_recibo\":\"%s\"", receipt);
    return sim_count(needle);
}

/* ---- options and requests ---- */

static void options(char *buf, size_t size, const char *biller, const char *password) {
    const char *conn_fmt = "\"connection\":{\"baseUrl\":\"%s%s/\",\"timeoutMs\":2000,"
                           "\"retryDelayMs\":10,\"retryAttempts\":3,\"settleDelayMs\":10}";
    char conn[512];
    snprintf(conn, sizeof conn, conn_fmt, sim_base, biller);
    if (strcmp(biller, "unicomer") == 0) {
        snprintf(buf, size,
                 "{\"biller\":\"unicomer\",%s,\"username\":\"cajero@recaudo.test\","
                 "\"password\":\"%s\",\"commerce\":\"EMPTEST\"}",
                 conn, password ? password : "fake-password-123");
    } else if (strcmp(biller, "zoom") == 0) {
        snprintf(buf, size,
                 "{\"biller\":\"zoom\",%s,\"login\":\"recaudador@recaudo.test\","
                 "\"password\":\"clave-de-prueba-123\","
                 "\"buttonPage\":\"megasoft/pagar?control={control}&retorno={return_url}\"}",
                 conn);
    } else if (strcmp(biller, "cooplan") == 0) {
        snprintf(buf, size,
                 "{\"biller\":\"cooplan\",%s,\"codSeguridad\":\"codseg-de-prueba\","
                 "\"login\":\"recaudador-de-prueba\",\"pwd\":\"pwd-de-prueba\"}",
                 conn);
    } else {
        snprintf(buf, size,
                 "{\"biller\":\"unicobros\",%s,\"apiKey\":\"api-key-de-prueba\","
                 "\"accessToken\":\"access-token-de-prueba\"}",
                 conn);
    }
}

static void new_receipt(char *buf, size_t size, const char *tag) {
    snprintf(buf, size, "C-%s-%ld-%ld", tag, (long)getpid() % 100000, ++receipt_seq);
}

static void pay_request(char *buf, size_t size, const char *debt, const char *amount_json,
                        const char *receipt, const char *extra) {
    snprintf(buf, size,
             "{\"debt_id\":\"%s\",\"amount\":%s,\"receipt\":\"%s\",\"paid_at\":null,"
             "\"cashier\":\"CAJERO C\",\"location\":\"AGENCIA C\",\"payer\":%s,\"balance\":null,"
             "\"extra\":%s}",
             debt, amount_json, receipt,
             extra ? "{\"id\":\"V-00000001\",\"name\":\"CLIENTE DE PRUEBA\",\"email\":\"c@example.test\"}" : "null",
             extra ? extra : "{}");
}

/* Copies the balanced JSON object that follows `"key":` in `json` (malloc'd), or NULL. */
static char *json_object(const char *json, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":{", key);
    const char *start = strstr(json, pattern);
    if (!start) return NULL;
    start += strlen(pattern) - 1;
    int depth = 0;
    const char *p = start;
    for (; *p; p++) {
        if (*p == '{') depth++;
        if (*p == '}' && --depth == 0) break;
    }
    size_t len = (size_t)(p - start) + 1;
    char *out = malloc(len + 1);
    memcpy(out, start, len);
    out[len] = '\0';
    return out;
}

/* The first string value of `"key":"…"` in `json`, copied into buf. */
static int json_string(const char *json, const char *key, char *buf, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *start = strstr(json, pattern);
    if (!start) return 0;
    start += strlen(pattern);
    const char *end = strchr(start, '"');
    if (!end || (size_t)(end - start) >= size) return 0;
    memcpy(buf, start, (size_t)(end - start));
    buf[end - start] = '\0';
    return 1;
}

/* The date part (`yyyy-mm-dd`) of the first `"key":"yyyy-mm-ddT…"` in `json`. */
static int json_date(const char *json, const char *key, char date[11]) {
    char value[64];
    if (!json_string(json, key, value, sizeof value) || strlen(value) < 10) return 0;
    memcpy(date, value, 10);
    date[10] = '\0';
    return 1;
}

static recaudo_service *new_service(const char *biller, const char *journal_name) {
    char opts[1024], path[512];
    options(opts, sizeof opts, biller, NULL);
    snprintf(path, sizeof path, "%s/%s", journal_dir, journal_name);
    recaudo_service *s = NULL;
    if (recaudo_service_new(opts, path, &s) != RECAUDO_OK) return NULL;
    return s;
}

/* ---- tests ---- */

static void test_version(void) {
    CHECK(strcmp(recaudo_c_version(), "0.1.0") == 0, "version %s", recaudo_c_version());
    CHECK(strcmp(recaudo_last_error(), "") == 0, "no error yet");
}

static void test_version_macros_match_the_library(void) {
    char header[32];
    snprintf(header, sizeof header, "%d.%d.%d", RECAUDO_VERSION_MAJOR, RECAUDO_VERSION_MINOR,
             RECAUDO_VERSION_PATCH);
    CHECK(strcmp(header, RECAUDO_VERSION) == 0, "macros %s vs %s", header, RECAUDO_VERSION);
    CHECK(strcmp(RECAUDO_VERSION, recaudo_c_version()) == 0, "header %s, library %s",
          RECAUDO_VERSION, recaudo_c_version());
}

static void test_result_message(void) {
    char buf[64];
    size_t written = 0;
    EXPECT_RESULT(recaudo_result_message(RECAUDO_CONNECT, buf, sizeof buf, &written), RECAUDO_OK);
    CHECK(strcmp(buf, "could not connect: nothing was sent") == 0, "message %s", buf);
    CHECK(written == strlen(buf), "written %zu", written);
    /* Cut to fit, always NUL-terminated. */
    char small[6];
    EXPECT_RESULT(recaudo_result_message(RECAUDO_TIMEOUT, small, sizeof small, &written), RECAUDO_OK);
    CHECK(strcmp(small, "no re") == 0 && written == 5, "cut %s (%zu)", small, written);
    EXPECT_RESULT(recaudo_result_message(9999, buf, sizeof buf, &written), RECAUDO_OK);
    CHECK(strcmp(buf, "unknown recaudo result") == 0, "unknown %s", buf);
    EXPECT_RESULT(recaudo_result_message(RECAUDO_OK, NULL, 0, &written), RECAUDO_OK);
    CHECK(written == 0, "nothing written");
    EXPECT_RESULT(recaudo_result_message(RECAUDO_OK, NULL, 8, &written), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_result_message(RECAUDO_OK, buf, sizeof buf, NULL), RECAUDO_NULL_ARGUMENT);
    /* Every code has its own text; the thread's last error is left alone. */
    recaudo_result all[] = {RECAUDO_NULL_ARGUMENT, RECAUDO_INVALID_UTF8, RECAUDO_INVALID_HANDLE,
                            RECAUDO_PANIC, RECAUDO_INTERNAL, RECAUDO_INVALID_INPUT,
                            RECAUDO_INVALID_AMOUNT, RECAUDO_CONFIG, RECAUDO_INSECURE_URL,
                            RECAUDO_TIMEOUT, RECAUDO_CONNECT, RECAUDO_NETWORK, RECAUDO_AUTH,
                            RECAUDO_BILLER, RECAUDO_HTTP_STATUS, RECAUDO_DECODE,
                            RECAUDO_UNSUPPORTED, RECAUDO_STORAGE};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        EXPECT_RESULT(recaudo_result_message(all[i], buf, sizeof buf, &written), RECAUDO_OK);
        CHECK(written > 0 && strcmp(buf, "unknown recaudo result") != 0, "code %d", (int)all[i]);
    }
}

static void lookup_and_pay(const char *biller, const char *customer, const char *extra,
                           const char *currency) {
    recaudo_service *s = new_service(biller, biller);
    CHECK(s != NULL, "service for %s", biller);
    char *statement = NULL;
    recaudo_result r = recaudo_service_lookup(s, customer, &statement);
    if (r != RECAUDO_OK) recaudo_service_free(s);
    EXPECT_RESULT(r, RECAUDO_OK);
    char debt[128] = "", due[32] = "", amount[40], want_currency[64];
    snprintf(want_currency, sizeof want_currency, "\"currency\":\"%s\"", currency);
    int ok = json_string(statement, "debt_id", debt, sizeof debt) && strstr(statement, want_currency) &&
             json_string(statement, "amount", due, sizeof due);
    /* Cooplan takes a debt's amount in full; the others take part of it. */
    snprintf(amount, sizeof amount, "\"%s\"", strcmp(biller, "cooplan") == 0 ? due : "10.00");
    recaudo_string_free(statement);
    if (!ok) recaudo_service_free(s);
    CHECK(ok, "a debt in %s", currency);

    char receipt[64], request[1024], *result = NULL;
    new_receipt(receipt, sizeof receipt, biller);
    pay_request(request, sizeof request, strcmp(biller, "zoom") == 0 ? "guide:1000999999" : debt,
                amount, receipt, extra);
    r = recaudo_service_pay(s, request, &result);
    recaudo_service_free(s);
    EXPECT_RESULT(r, RECAUDO_OK);
    char want_amount[64];
    snprintf(want_amount, sizeof want_amount, "\"amount\":%s", amount);
    ok = strstr(result, "\"outcome\":\"confirmed\"") != NULL && strstr(result, want_amount) != NULL;
    recaudo_string_free(result);
    CHECK(ok, "confirmed %s", amount);
}

static void test_unicomer_lookup_and_pay(void) { lookup_and_pay("unicomer", "0900000001", NULL, "USD"); }
static void test_zoom_lookup_and_pay(void) {
    lookup_and_pay("zoom", "1000000001", "{\"bank_account\":\"213\"}", "VES");
}
static void test_cooplan_lookup_and_pay(void) { lookup_and_pay("cooplan", "1001", NULL, "BOB"); }

static void test_unicobros_is_status_only(void) {
    char opts[1024], *info = NULL, *out = NULL;
    options(opts, sizeof opts, "unicobros", NULL);
    recaudo_collector *c = NULL;
    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_OK);
    recaudo_result r = recaudo_collector_info(c, &info);
    recaudo_result lookup = recaudo_collector_lookup(c, "x", &out);
    const char *ref = "{\"debt_id\":\"\",\"payment_id\":null,\"receipt\":\"REF-PAGADA-0001\","
                      "\"amount\":\"100.00\",\"paid_at\":\"2026-11-23T10:00:00\"}";
    char *status = NULL;
    recaudo_result st = recaudo_collector_status(c, ref, &status);
    recaudo_collector_free(c);
    EXPECT_RESULT(r, RECAUDO_OK);
    int ok = strstr(info, "\"biller\":\"unicobros\"") && !strstr(info, "\"lookup\"");
    recaudo_string_free(info);
    CHECK(ok, "capabilities without lookup");
    EXPECT_RESULT(lookup, RECAUDO_UNSUPPORTED);
    CHECK(out == NULL, "no output on failure");
    EXPECT_RESULT(st, RECAUDO_OK);
    ok = strstr(status, "\"kind\":\"settled\"") != NULL;
    recaudo_string_free(status);
    CHECK(ok, "settled");
}

static void test_lost_reply_recovered_with_one_payment(void) {
    recaudo_service *s = new_service("unicomer", "lost");
    CHECK(s != NULL, "service");
    char receipt[64], request[1024], *first = NULL, *again = NULL;
    new_receipt(receipt, sizeof receipt, "LOST");
    pay_request(request, sizeof request, "700002", "\"5.00\"", receipt, NULL);
    CHECK(sim_fault("unicomer", "registrarpago", "drop_after_commit"), "fault armed");
    recaudo_result r1 = recaudo_service_pay(s, request, &first);
    recaudo_result r2 = recaudo_service_pay(s, request, &again);
    recaudo_service_free(s);
    EXPECT_RESULT(r1, RECAUDO_OK);
    EXPECT_RESULT(r2, RECAUDO_OK);
    int ok = strstr(first, "\"outcome\":\"confirmed\"") && strstr(first, "\"recovered\":true") &&
             strcmp(first, again) == 0;
    recaudo_string_free(first);
    recaudo_string_free(again);
    CHECK(ok, "confirmed, recovered, and the same answer twice");
    CHECK(unicomer_payments(receipt) == 1, "exactly one payment at the biller");
}

static void test_status_reverse_settlements(void) {
    char opts[1024], receipt[64], request[1024], *paid = NULL, *status = NULL, *reversed = NULL,
                                                 *days = NULL;
    options(opts, sizeof opts, "unicomer", NULL);
    recaudo_collector *c = NULL;
    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_OK);
    new_receipt(receipt, sizeof receipt, "REV");
    pay_request(request, sizeof request, "700002", "\"1.25\"", receipt, NULL);
    recaudo_result r = recaudo_collector_pay(c, request, &paid);
    if (r != RECAUDO_OK) recaudo_collector_free(c);
    EXPECT_RESULT(r, RECAUDO_OK);
    char *reference = json_object(paid, "reference");
    recaudo_string_free(paid);
    recaudo_result st = recaudo_collector_status(c, reference, &status);
    recaudo_result rv = recaudo_collector_reverse(c, reference, &reversed);
    recaudo_result se = recaudo_collector_settlements(c, "2026-13-45", &days);
    recaudo_collector_free(c);
    free(reference);
    EXPECT_RESULT(st, RECAUDO_OK);
    int ok = strstr(status, "\"kind\":\"registered\"") != NULL;
    recaudo_string_free(status);
    CHECK(ok, "registered");
    EXPECT_RESULT(rv, RECAUDO_OK);
    ok = strstr(reversed, "\"outcome\":\"confirmed\"") != NULL;
    recaudo_string_free(reversed);
    CHECK(ok, "reversed");
    EXPECT_RESULT(se, RECAUDO_INVALID_INPUT);
    CHECK(days == NULL, "no output");
}

static void test_reconcile_and_journal_entries(void) {
    recaudo_service *s = new_service("cooplan", "reconcile");
    CHECK(s != NULL, "service");
    char *statement = NULL, debt[64] = "", amount[32] = "", receipt[64], request[1024], amount_json[40];
    recaudo_result r = recaudo_service_lookup(s, "1002", &statement);
    if (r == RECAUDO_OK) {
        json_string(statement, "debt_id", debt, sizeof debt);
        json_string(statement, "amount", amount, sizeof amount);
        recaudo_string_free(statement);
    }
    new_receipt(receipt, sizeof receipt, "REC");
    snprintf(amount_json, sizeof amount_json, "\"%s\"", amount);
    pay_request(request, sizeof request, debt, amount_json, receipt, NULL);
    char *paid = NULL, *report = NULL, *entries = NULL, date[16] = "";
    recaudo_result p = recaudo_service_pay(s, request, &paid);
    if (p == RECAUDO_OK) {
        json_date(paid, "paid_at", date);
        recaudo_string_free(paid);
    }
    recaudo_result rc = recaudo_service_reconcile(s, date, &report);
    recaudo_result je = recaudo_service_journal_entries(s, &entries);
    recaudo_service_free(s);
    EXPECT_RESULT(r, RECAUDO_OK);
    EXPECT_RESULT(p, RECAUDO_OK);
    EXPECT_RESULT(rc, RECAUDO_OK);
    int ok = strstr(report, "\"finding\":\"matched\"") != NULL;
    recaudo_string_free(report);
    CHECK(ok, "matched");
    EXPECT_RESULT(je, RECAUDO_OK);
    ok = strstr(entries, receipt) != NULL && strstr(entries, "\"status\":\"resolved\"") != NULL;
    recaudo_string_free(entries);
    CHECK(ok, "journaled");
}

/* Cooplan's own services through the one JSON function: a payment made, then its invoice
 * reprinted and the day's collections report listing it (the biller is the service's). */
static void test_cooplan_services_through_json(void) {
    recaudo_service *s = new_service("cooplan", "cooplan-services");
    CHECK(s != NULL, "service");
    char *statement = NULL, debt[64] = "", amount[32] = "", receipt[64], request[1024], amount_json[40];
    recaudo_result r = recaudo_service_lookup(s, "1001", &statement);
    if (r == RECAUDO_OK) {
        json_string(statement, "debt_id", debt, sizeof debt);
        json_string(statement, "amount", amount, sizeof amount);
        recaudo_string_free(statement);
    }
    new_receipt(receipt, sizeof receipt, "SRV");
    snprintf(amount_json, sizeof amount_json, "\"%s\"", amount);
    pay_request(request, sizeof request, debt, amount_json, receipt, NULL);
    char *paid = NULL, date[16] = "", collection[64] = "";
    recaudo_result p = recaudo_service_pay(s, request, &paid);
    if (p == RECAUDO_OK) {
        json_date(paid, "paid_at", date);
        json_string(paid, "payment_id", collection, sizeof collection);
        recaudo_string_free(paid);
    }
    char report_request[128], invoice_request[256], *report = NULL, *invoice = NULL;
    snprintf(report_request, sizeof report_request,
             "{\"service\":\"collections_report\",\"date\":\"%s\"}", date);
    snprintf(invoice_request, sizeof invoice_request,
             "{\"service\":\"print_invoice\",\"invoice_id\":%lld,\"collection_id\":\"%s\"}",
             strtoll(debt, NULL, 10), collection);
    recaudo_result rr = recaudo_service_call(s, report_request, &report);
    recaudo_result ri = recaudo_service_call(s, invoice_request, &invoice);
    recaudo_service_free(s);
    EXPECT_RESULT(r, RECAUDO_OK);
    EXPECT_RESULT(p, RECAUDO_OK);
    CHECK(collection[0] != '\0', "the payment's collection id");
    EXPECT_RESULT(rr, RECAUDO_OK);
    char want_collection[96], want_amount[64];
    snprintf(want_collection, sizeof want_collection, "\"collection_id\":\"%s\"", collection);
    snprintf(want_amount, sizeof want_amount, "\"amount\":\"%s\"", amount);
    int ok = strncmp(report, "{\"service\":\"collections_report\"", 31) == 0 &&
             strstr(report, "\"biller\"") == NULL && strstr(report, "\"listed\":true") != NULL &&
             strstr(report, want_collection) != NULL && strstr(report, want_amount) != NULL;
    if (!ok) printf("    report: %s\n", report);
    recaudo_string_free(report);
    CHECK(ok, "the report lists the payment");
    EXPECT_RESULT(ri, RECAUDO_OK);
    ok = strncmp(invoice, "{\"service\":\"print_invoice\"", 26) == 0 &&
         strstr(invoice, want_collection) != NULL && strstr(invoice, "\"content\":\"") != NULL;
    if (!ok) printf("    invoice: %s\n", invoice);
    recaudo_string_free(invoice);
    CHECK(ok, "the invoice");
}

/* Zoom's pay button through the one JSON function: started (journaled before the customer
 * leaves for the bank), approved at the simulated bank's page, completed (registered once), and
 * found in Zoom's payment records. */
static void test_zoom_pay_button_through_json(void) {
    recaudo_service *s = new_service("zoom", "zoom-button");
    CHECK(s != NULL, "service");
    char receipt[64], payment[1024], request[2048], back[128], *started = NULL, *entries = NULL;
    new_receipt(receipt, sizeof receipt, "BTN");
    snprintf(back, sizeof back, "http://127.0.0.1:9/checkout/vuelta?recibo=%s", receipt);
    pay_request(payment, sizeof payment, "guide:1000999999", "\"75.50\"", receipt,
                "{\"bank_account\":\"213\"}");
    snprintf(request, sizeof request, "{\"service\":\"button_start\",\"payment\":%s,\"return_url\":\"%s\"}",
             payment, back);
    recaudo_result r = recaudo_service_call(s, request, &started);
    recaudo_result je = r == RECAUDO_OK ? recaudo_service_journal_entries(s, &entries) : RECAUDO_INTERNAL;
    char control[64] = "", page[512] = "";
    int ok = r == RECAUDO_OK && strncmp(started, "{\"service\":\"button_start\"", 25) == 0 &&
             json_string(started, "control", control, sizeof control) &&
             json_string(started, "page_url", page, sizeof page) &&
             strstr(started, "\"amount\":{\"amount\":\"75.50\",\"currency\":\"VES\"}") != NULL;
    int journaled = je == RECAUDO_OK && strstr(entries, receipt) != NULL &&
                    strstr(entries, "\"status\":\"in_flight\"") != NULL;
    if (r == RECAUDO_OK && !ok) printf("    started: %s\n", started);
    recaudo_string_free(started);
    recaudo_string_free(entries);
    if (!ok || !journaled) recaudo_service_free(s);
    EXPECT_RESULT(r, RECAUDO_OK);
    CHECK(ok, "a checkout with the control number and the bank's page");
    CHECK(journaled, "in the journal, in flight, before the bank's page");

    /* The customer approves at the bank's page, which sends them back. */
    char encoded[256], form[512], *bank = NULL;
    form_encode(encoded, sizeof encoded, back);
    snprintf(form, sizeof form, "control=%s&retorno=%s&accion=aprobar", control, encoded);
    bank = http_to_sim("POST", "/zoom/megasoft/pagar", "application/x-www-form-urlencoded", form);
    char location[256];
    snprintf(location, sizeof location, "location: %s\r\n", back);
    ok = bank && strncmp(bank, "HTTP/1.1 303", 12) == 0 && strcasestr(bank, location) != NULL;
    free(bank);
    if (!ok) recaudo_service_free(s);
    CHECK(ok, "the bank approved and sent the customer back");

    char complete[128], records[160], *done = NULL, *again = NULL, *found = NULL;
    snprintf(complete, sizeof complete, "{\"service\":\"button_complete\",\"receipt\":\"%s\"}", receipt);
    snprintf(records, sizeof records, "{\"service\":\"payment_records\",\"query\":{\"reference\":\"%s\"}}", receipt);
    recaudo_result rc = recaudo_service_call(s, complete, &done);
    recaudo_result ra = recaudo_service_call(s, complete, &again);
    recaudo_result rf = recaudo_service_call(s, records, &found);
    recaudo_service_free(s);
    EXPECT_RESULT(rc, RECAUDO_OK);
    ok = strstr(done, "\"state\":\"paid\"") != NULL && strstr(done, "\"outcome\":\"confirmed\"") != NULL &&
         strstr(done, "\"sends\":1") != NULL;
    if (!ok) printf("    completed: %s\n", done);
    int same = ra == RECAUDO_OK && strcmp(done, again) == 0;
    recaudo_string_free(done);
    recaudo_string_free(again);
    CHECK(ok, "paid, registered once");
    CHECK(same, "a second complete answers the same");
    EXPECT_RESULT(rf, RECAUDO_OK);
    char want_reference[96];
    snprintf(want_reference, sizeof want_reference, "\"reference\":\"%s\"", receipt);
    ok = strstr(found, want_reference) != NULL && strstr(found, "\"kind\":\"25\"") != NULL &&
         strstr(found, "\"payment_id\"") != NULL && strstr(strstr(found, "\"payment_id\"") + 1, "\"payment_id\"") == NULL;
    if (!ok) printf("    records: %s\n", found);
    recaudo_string_free(found);
    CHECK(ok, "one pay-button record in Zoom's payment records");
}

/* What the JSON function refuses, before anything is sent: bad JSON, another biller's service,
 * another biller named, a missing field, an amount that is not a decimal string. Each leaves
 * the output NULL and says why. */
static void test_service_call_refusals(void) {
    recaudo_service *s = new_service("cooplan", "cooplan-refusals");
    CHECK(s != NULL, "service");
    recaudo_service *u = new_service("unicobros", "unicobros-refusals");
    char *out = NULL, bad_json[512] = "", other[512] = "", named[512] = "", missing[512] = "";
    recaudo_result r1 = recaudo_service_call(s, "{\"service\":", &out);
    snprintf(bad_json, sizeof bad_json, "%s", recaudo_last_error());
    recaudo_result r2 = recaudo_service_call(
        s, "{\"service\":\"payment_records\",\"query\":{\"reference\":\"R-1\"}}", &out);
    snprintf(other, sizeof other, "%s", recaudo_last_error());
    recaudo_result r3 = recaudo_service_call(
        s, "{\"biller\":\"zoom\",\"service\":\"collections_report\",\"date\":\"2026-12-01\"}", &out);
    snprintf(named, sizeof named, "%s", recaudo_last_error());
    recaudo_result r4 = recaudo_service_call(s, "{\"service\":\"print_invoice\",\"invoice_id\":1}", &out);
    snprintf(missing, sizeof missing, "%s", recaudo_last_error());
    recaudo_result r5 = u ? recaudo_service_call(
                                u, "{\"service\":\"resolve_reference\",\"reference\":\"REF-PAGADA-0001\","
                                   "\"expected\":{\"amount\":10.5,\"currency\":\"ARS\"}}", &out)
                          : RECAUDO_INTERNAL;
    recaudo_service_free(s);
    recaudo_service_free(u);
    EXPECT_RESULT(r1, RECAUDO_INVALID_INPUT);
    CHECK(strstr(bad_json, "request_json") != NULL, "names the argument: %s", bad_json);
    EXPECT_RESULT(r2, RECAUDO_INVALID_INPUT);
    CHECK(strstr(other, "not one of cooplan's services") != NULL && strstr(other, "collections_report") != NULL,
          "names the biller's own services: %s", other);
    EXPECT_RESULT(r3, RECAUDO_INVALID_INPUT);
    CHECK(strstr(named, "cooplan") != NULL, "names the service's biller: %s", named);
    EXPECT_RESULT(r4, RECAUDO_INVALID_INPUT);
    EXPECT_RESULT(r5, RECAUDO_INVALID_AMOUNT);
    CHECK(out == NULL, "no output");
}

static void test_typed_errors_carry_biller_fields(void) {
    char opts[1024], *out = NULL;
    options(opts, sizeof opts, "unicomer", NULL);
    recaudo_collector *c = NULL;
    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_OK);
    recaudo_result r = recaudo_collector_lookup(c, "0999999999", &out);
    char detail[1024];
    snprintf(detail, sizeof detail, "%s", recaudo_last_error_json());
    recaudo_collector_free(c);
    EXPECT_RESULT(r, RECAUDO_BILLER);
    CHECK(strstr(detail, "\"code\":\"biller\"") && strstr(detail, "\"biller_code\":\"451\"") &&
              strstr(detail, "\"http_status\":200") && strstr(detail, "\"may_have_reached_biller\":false"),
          "detail %s", detail);

    char refused[1024];
    snprintf(refused, sizeof refused,
             "{\"biller\":\"zoom\",\"connection\":{\"baseUrl\":\"http://127.0.0.1:9/\","
             "\"retryAttempts\":1},\"login\":\"l\",\"password\":\"p\"}");
    EXPECT_RESULT(recaudo_collector_new(refused, &c), RECAUDO_OK);
    r = recaudo_collector_lookup(c, "1000000001", &out);
    recaudo_collector_free(c);
    EXPECT_RESULT(r, RECAUDO_CONNECT);
    EXPECT_RESULT(recaudo_collector_new("{\"biller\":\"zoom\",\"connection\":{\"baseUrl\":"
                                        "\"http://zoom.example/\"},\"login\":\"l\",\"password\":\"p\"}",
                                        &c),
                  RECAUDO_INSECURE_URL);
    CHECK(c == NULL, "no handle on failure");
}

static void test_amounts_that_are_not_numbers(void) {
    recaudo_service *s = new_service("unicomer", "amounts");
    CHECK(s != NULL, "service");
    const char *bad[] = {"\"abc\"", "\"1e3\"", "12.5", "\"12,50\"", "\"\"", "\"-1.00\"", "\"0\"",
                         "\"1.005\"", "\"NaN\"", "true", "\"1 000\""};
    long before = sim_number("registrarpago");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char receipt[64], request[1024], *out = NULL;
        new_receipt(receipt, sizeof receipt, "AMT");
        pay_request(request, sizeof request, "700002", bad[i], receipt, NULL);
        recaudo_result r = recaudo_service_pay(s, request, &out);
        if (r != RECAUDO_INVALID_AMOUNT) recaudo_service_free(s);
        CHECK(r == RECAUDO_INVALID_AMOUNT, "amount %s gave %d", bad[i], (int)r);
        CHECK(out == NULL, "no output");
    }
    recaudo_service_free(s);
    CHECK(before >= 0 && sim_number("registrarpago") == before, "nothing sent");
}

static void test_null_arguments_everywhere(void) {
    char opts[1024], *out = NULL;
    options(opts, sizeof opts, "unicomer", NULL);
    recaudo_collector *c = NULL;
    recaudo_service *s = NULL;
    const char *ref = "{}";
    EXPECT_RESULT(recaudo_collector_new(NULL, &c), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_collector_new(opts, NULL), RECAUDO_NULL_ARGUMENT);
    CHECK(strstr(recaudo_last_error(), "out_collector") != NULL, "names the argument");
    EXPECT_RESULT(recaudo_service_new(NULL, "/tmp/x", &s), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_new(opts, NULL, &s), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_new(opts, "/tmp/x", NULL), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_collector_info(NULL, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_collector_lookup(NULL, "x", &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_collector_pay(NULL, ref, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_collector_status(NULL, ref, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_collector_reverse(NULL, ref, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_collector_settlements(NULL, "2026-11-23", &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_lookup(NULL, "x", &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_pay(NULL, ref, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_resume(NULL, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_review(NULL, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_reverse(NULL, ref, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_reconcile(NULL, "2026-11-23", &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_journal_entries(NULL, &out), RECAUDO_NULL_ARGUMENT);
    EXPECT_RESULT(recaudo_service_call(NULL, ref, &out), RECAUDO_NULL_ARGUMENT);
    CHECK(out == NULL, "no output");

    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_OK);
    s = new_service("unicomer", "nulls");
    CHECK(s != NULL, "service");
    recaudo_result results[] = {
        recaudo_collector_info(c, NULL),
        recaudo_collector_lookup(c, NULL, &out),
        recaudo_collector_lookup(c, "x", NULL),
        recaudo_collector_pay(c, NULL, &out),
        recaudo_collector_pay(c, ref, NULL),
        recaudo_collector_status(c, NULL, &out),
        recaudo_collector_status(c, ref, NULL),
        recaudo_collector_reverse(c, NULL, &out),
        recaudo_collector_reverse(c, ref, NULL),
        recaudo_collector_settlements(c, NULL, &out),
        recaudo_collector_settlements(c, "2026-11-23", NULL),
        recaudo_service_lookup(s, NULL, &out),
        recaudo_service_lookup(s, "x", NULL),
        recaudo_service_pay(s, NULL, &out),
        recaudo_service_pay(s, ref, NULL),
        recaudo_service_resume(s, NULL),
        recaudo_service_review(s, NULL),
        recaudo_service_reverse(s, NULL, &out),
        recaudo_service_reverse(s, ref, NULL),
        recaudo_service_reconcile(s, NULL, &out),
        recaudo_service_reconcile(s, "2026-11-23", NULL),
        recaudo_service_journal_entries(s, NULL),
        recaudo_service_call(s, NULL, &out),
        recaudo_service_call(s, ref, NULL),
    };
    recaudo_collector_free(c);
    recaudo_service_free(s);
    for (size_t i = 0; i < sizeof results / sizeof *results; i++) {
        CHECK(results[i] == RECAUDO_NULL_ARGUMENT, "call %zu gave %d", i, (int)results[i]);
    }
    CHECK(out == NULL, "no output");
    recaudo_collector_free(NULL);
    recaudo_service_free(NULL);
    recaudo_string_free(NULL);
}

static void test_invalid_utf8_everywhere(void) {
    const char *bad = "\xc3\x28 not utf-8";
    char opts[1024], *out = NULL;
    options(opts, sizeof opts, "unicomer", NULL);
    recaudo_collector *c = NULL;
    recaudo_service *s = NULL;
    EXPECT_RESULT(recaudo_collector_new(bad, &c), RECAUDO_INVALID_UTF8);
    EXPECT_RESULT(recaudo_service_new(bad, "/tmp/x", &s), RECAUDO_INVALID_UTF8);
    EXPECT_RESULT(recaudo_service_new(opts, bad, &s), RECAUDO_INVALID_UTF8);
    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_OK);
    s = new_service("unicomer", "utf8");
    CHECK(s != NULL, "service");
    recaudo_result results[] = {
        recaudo_collector_lookup(c, bad, &out),       recaudo_collector_pay(c, bad, &out),
        recaudo_collector_status(c, bad, &out),       recaudo_collector_reverse(c, bad, &out),
        recaudo_collector_settlements(c, bad, &out),  recaudo_service_lookup(s, bad, &out),
        recaudo_service_pay(s, bad, &out),            recaudo_service_reverse(s, bad, &out),
        recaudo_service_reconcile(s, bad, &out),      recaudo_service_call(s, bad, &out),
    };
    recaudo_collector_free(c);
    recaudo_service_free(s);
    for (size_t i = 0; i < sizeof results / sizeof *results; i++) {
        CHECK(results[i] == RECAUDO_INVALID_UTF8, "call %zu gave %d", i, (int)results[i]);
    }
    CHECK(out == NULL, "no output");
}

static void test_freed_and_foreign_handles(void) {
    char opts[1024], *out = NULL;
    options(opts, sizeof opts, "unicomer", NULL);
    recaudo_collector *c = NULL;
    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_OK);
    recaudo_service *s = new_service("unicomer", "handles");
    CHECK(s != NULL, "service");
    /* A service where a collector is expected, and the other way round. */
    EXPECT_RESULT(recaudo_collector_lookup((const recaudo_collector *)s, "x", &out), RECAUDO_INVALID_HANDLE);
    EXPECT_RESULT(recaudo_service_resume((const recaudo_service *)c, &out), RECAUDO_INVALID_HANDLE);
    EXPECT_RESULT(recaudo_service_call((const recaudo_service *)c, "{}", &out), RECAUDO_INVALID_HANDLE);
    /* Pointers that never came from recaudo. */
    long on_stack[8] = {0};
    char *on_heap = malloc(64);
    memset(on_heap, 0x5a, 64);
    EXPECT_RESULT(recaudo_collector_info((const recaudo_collector *)on_stack, &out), RECAUDO_INVALID_HANDLE);
    EXPECT_RESULT(recaudo_service_journal_entries((const recaudo_service *)on_heap, &out), RECAUDO_INVALID_HANDLE);
    recaudo_collector_free((recaudo_collector *)on_heap);
    CHECK(strstr(recaudo_last_error(), "not a live recaudo handle") != NULL, "free of a foreign pointer is refused");
    recaudo_string_free(on_heap);
    CHECK(strstr(recaudo_last_error(), "not a live recaudo handle") != NULL, "foreign string refused");
    free(on_heap);
    /* Freed handles, and double frees. */
    recaudo_collector_free(c);
    recaudo_service_free(s);
    EXPECT_RESULT(recaudo_collector_lookup(c, "0900000001", &out), RECAUDO_INVALID_HANDLE);
    EXPECT_RESULT(recaudo_service_resume(s, &out), RECAUDO_INVALID_HANDLE);
    EXPECT_RESULT(recaudo_service_call(s, "{}", &out), RECAUDO_INVALID_HANDLE);
    recaudo_collector_free(c);
    recaudo_service_free(s);
    CHECK(out == NULL, "no output");
    /* A string freed twice. */
    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_OK);
    recaudo_result r = recaudo_collector_info(c, &out);
    recaudo_collector_free(c);
    EXPECT_RESULT(r, RECAUDO_OK);
    recaudo_string_free(out);
    recaudo_string_free(out);
    CHECK(strstr(recaudo_last_error(), "not a live recaudo handle") != NULL, "double free refused");
}

static void test_bad_json_and_no_secret_in_errors(void) {
    const char *planted = "planted-C-password-4411";
    recaudo_collector *c = NULL;
    char *out = NULL, opts[1024];
    EXPECT_RESULT(recaudo_collector_new("{not json", &c), RECAUDO_INVALID_INPUT);
    EXPECT_RESULT(recaudo_collector_new("{\"biller\":\"nobody\"}", &c), RECAUDO_INVALID_INPUT);
    /* A secret typed into a field of the wrong type must not be quoted back. */
    snprintf(opts, sizeof opts,
             "{\"biller\":\"unicomer\",\"connection\":{\"baseUrl\":\"%sunicomer/\",\"timeoutMs\":\"%s\"},"
             "\"username\":\"u\",\"password\":\"%s\",\"commerce\":\"EMPTEST\"}",
             sim_base, planted, planted);
    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_INVALID_INPUT);
    CHECK(strstr(recaudo_last_error(), planted) == NULL, "message: %s", recaudo_last_error());
    CHECK(strstr(recaudo_last_error_json(), planted) == NULL, "json");
    /* A wrong password: the biller refuses it; the error never repeats it. */
    options(opts, sizeof opts, "unicomer", planted);
    EXPECT_RESULT(recaudo_collector_new(opts, &c), RECAUDO_OK);
    recaudo_result r = recaudo_collector_lookup(c, "0900000001", &out);
    int leaked = strstr(recaudo_last_error(), planted) != NULL || strstr(recaudo_last_error_json(), planted) != NULL;
    recaudo_collector_free(c);
    EXPECT_RESULT(r, RECAUDO_AUTH);
    CHECK(!leaked, "the password leaked");
}

static void test_journal_resume_after_a_crash(void) {
    /* An app that died after writing its intent, before its first send was recorded: the
     * journal's last line for the receipt is in flight with no send. The payment never left, so
     * resume sends it, once. */
    char path[512], receipt[64], paid_at[32], recorded[32];
    snprintf(path, sizeof path, "%s/crash", journal_dir);
    new_receipt(receipt, sizeof receipt, "CRASH");
    time_t now = time(NULL);
    time_t local = now - 5 * 3600; /* Ecuador, UTC-5 */
    struct tm tm_local, tm_utc;
    gmtime_r(&local, &tm_local);
    gmtime_r(&now, &tm_utc);
    strftime(paid_at, sizeof paid_at, "%Y-%m-%dT%H:%M:%S", &tm_local);
    strftime(recorded, sizeof recorded, "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "journal file");
    fprintf(f,
            "{\"biller\":\"unicomer\",\"request\":{\"debt_id\":\"700002\",\"amount\":\"2.50\","
            "\"receipt\":\"%s\",\"paid_at\":\"%s\",\"cashier\":\"C\",\"location\":\"L\",\"payer\":null,"
            "\"balance\":null,\"extra\":{}},\"status\":\"in_flight\",\"sends\":0,\"result\":null,\"reversal\":null,"
            "\"error\":null,\"recorded_at\":\"%s\",\"updated_at\":\"%s\"}\n"
            "{\"biller\":\"unicomer\",\"request\":{\"torn",
            receipt, paid_at, recorded, recorded);
    fclose(f);
    recaudo_service *s = new_service("unicomer", "crash");
    CHECK(s != NULL, "service over the crashed journal");
    char *resumed = NULL, *again = NULL;
    recaudo_result r = recaudo_service_resume(s, &resumed);
    recaudo_result r2 = recaudo_service_resume(s, &again);
    recaudo_service_free(s);
    EXPECT_RESULT(r, RECAUDO_OK);
    int ok = strstr(resumed, receipt) && strstr(resumed, "\"outcome\":\"confirmed\"") &&
             strstr(resumed, "\"sends\":1");
    recaudo_string_free(resumed);
    CHECK(ok, "resolved by sending it once");
    EXPECT_RESULT(r2, RECAUDO_OK);
    ok = strcmp(again, "[]") == 0;
    recaudo_string_free(again);
    CHECK(ok, "nothing left in flight");
    CHECK(unicomer_payments(receipt) == 1, "exactly one payment");
}

int main(void) {
    const char *url = getenv("RECAUDO_SIM_URL");
    if (!url || sscanf(url, "http://127.0.0.1:%d", &sim_port) != 1) {
        fprintf(stderr, "RECAUDO_SIM_URL must be http://127.0.0.1:PORT/ (run through cargo xtask ffi-test)\n");
        return 2;
    }
    snprintf(sim_base, sizeof sim_base, "http://127.0.0.1:%d/", sim_port);
    const char *tmp = getenv("RECAUDO_TEST_DIR");
    snprintf(journal_dir, sizeof journal_dir, "%s", tmp ? tmp : "/tmp");

    if (!sim_ok("POST", "reset", NULL)) {
        fprintf(stderr, "cannot reset the simulator at %s\n", sim_base);
        return 2;
    }
    run("version", test_version);
    run("version_macros_match_the_library", test_version_macros_match_the_library);
    run("result_message", test_result_message);
    run("unicomer_lookup_and_pay", test_unicomer_lookup_and_pay);
    run("zoom_lookup_and_pay", test_zoom_lookup_and_pay);
    run("cooplan_lookup_and_pay", test_cooplan_lookup_and_pay);
    run("unicobros_is_status_only", test_unicobros_is_status_only);
    run("lost_reply_recovered_with_one_payment", test_lost_reply_recovered_with_one_payment);
    run("status_reverse_settlements", test_status_reverse_settlements);
    run("reconcile_and_journal_entries", test_reconcile_and_journal_entries);
    run("cooplan_services_through_json", test_cooplan_services_through_json);
    run("zoom_pay_button_through_json", test_zoom_pay_button_through_json);
    run("service_call_refusals", test_service_call_refusals);
    run("typed_errors_carry_biller_fields", test_typed_errors_carry_biller_fields);
    run("amounts_that_are_not_numbers", test_amounts_that_are_not_numbers);
    run("null_arguments_everywhere", test_null_arguments_everywhere);
    run("invalid_utf8_everywhere", test_invalid_utf8_everywhere);
    run("freed_and_foreign_handles", test_freed_and_foreign_handles);
    run("bad_json_and_no_secret_in_errors", test_bad_json_and_no_secret_in_errors);
    run("journal_resume_after_a_crash", test_journal_resume_after_a_crash);

    printf("\ntest result: %s. %d passed; %d failed\n", failed ? "FAILED" : "ok", passed, failed);
    return failed ? 1 : 0;
}
