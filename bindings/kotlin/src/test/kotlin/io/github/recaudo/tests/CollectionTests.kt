// recaudo from Kotlin on the JVM, through the generated uniffi bindings and the native library,
// against the simulator: every biller's lookup and pay, a lost reply recovered, typed
// exceptions, BigDecimal amounts, cancellation of a suspended call, an app-supplied transport
// (java.net.http, standing in for OkHttp), journal resume after a simulated crash, no planted
// secret in any exception, and the journal contract for a Kotlin storage and the file journal
// (JournalContract.kt). JUnit 5 tests, run by Maven Surefire through `cargo xtask ffi-test`.

package io.github.recaudo.tests

import java.math.BigDecimal
import java.nio.file.Files
import java.time.Duration
import java.time.LocalDateTime
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import io.github.recaudo.CollectionService
import io.github.recaudo.Collector
import io.github.recaudo.RecaudoException
import io.github.recaudo.fileJournal
import io.github.recaudo.memoryJournal
import io.github.recaudo.recaudoVersion
import io.github.recaudo.core.BillerId
import io.github.recaudo.core.BillerOptions
import io.github.recaudo.core.Currency
import io.github.recaudo.core.EntryStatus
import io.github.recaudo.core.ErrorCode
import io.github.recaudo.core.Finding
import io.github.recaudo.core.JournalEntry
import io.github.recaudo.core.Outcome
import io.github.recaudo.core.Payer
import io.github.recaudo.core.PaymentRequest
import io.github.recaudo.core.PaymentRef
import io.github.recaudo.core.StateKind
import io.github.recaudo.core.Step

fun request(debtId: String, amount: String, receipt: String, extra: Map<String, String> = emptyMap(), payer: Payer? = null) =
    PaymentRequest(
        debtId = debtId,
        amount = BigDecimal(amount),
        receipt = receipt,
        paidAt = null,
        cashier = "CAJERO KOTLIN",
        location = "AGENCIA MOVIL",
        payer = payer,
        balance = null,
        extra = extra,
    )

/** A unique receipt per run, so reruns against the same simulator never collide. */
fun receipt(name: String) = "KT-$name-${System.nanoTime() % 100_000_000}"

fun zoomRequest(receipt: String, amount: String = "150.00") = request(
    "guide:1000999999", amount, receipt,
    extra = mapOf("bank_account" to "213"),
    payer = Payer(id = "V-00000001", name = "CLIENTE DE PRUEBA", email = "cliente@example.test"),
)

/** The suite, run by Maven Surefire (`cargo xtask ffi-test`) against the simulator. */
class CollectionTests {
    @TestFactory
    fun againstTheSimulator(): List<DynamicTest> = collectionTests().tests()
}

fun collectionTests(): Harness {
    io.github.recaudo.uniffiEnsureInitialized()
    io.github.recaudo.core.uniffiEnsureInitialized()
    Sim.reset()
    val h = Harness()

    h.test("library_version_matches") {
        checkEq("0.1.0", recaudoVersion(), "version")
    }

    h.test("every_biller_connects_through_one_constructor") {
        // The biller is data: one `connect` for each, picked by the options' variant.
        val every = listOf(
            BillerOptions.Unicomer(Sim.unicomer()) to BillerId.UNICOMER,
            BillerOptions.Unicobros(Sim.unicobros()) to BillerId.UNICOBROS,
            BillerOptions.Zoom(Sim.zoom()) to BillerId.ZOOM,
            BillerOptions.Cooplan(Sim.cooplan()) to BillerId.COOPLAN,
        )
        for ((options, biller) in every) {
            checkEq(biller, Collector.connect(options, null).biller(), "collector")
            checkEq(biller, CollectionService.connect(options, memoryJournal(), null).biller(), "service")
        }
    }

    h.test("unicomer_lookup_and_pay_with_bigdecimal_amounts") { runBlocking {
        val service = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), memoryJournal(), null)
        val statement = service.lookup("0900000001")
        checkEq("0900000001", statement.customer.id, "customer")
        val debt = statement.debts.first()
        check(debt.balance.amount is BigDecimal) { "amounts are BigDecimal" }
        checkEq(2, debt.balance.amount.scale(), "two decimals kept from the text")
        checkEq(Currency.USD, debt.balance.currency, "currency")
        val r = receipt("U")
        val paid = service.pay(request(debt.debtId, "12.30", r))
        checkEq(Outcome.CONFIRMED, paid.outcome, "outcome")
        checkEq(0, BigDecimal("12.30").compareTo(paid.reference.amount), "amount")
        checkEq("12.30", paid.reference.amount.toPlainString(), "amount text")
        check(paid.reference.paymentId != null) { "the biller's id" }
        checkEq(1, Sim.unicomerPayments(r), "one payment at the biller")
        val status = service.lookup("0900000001").debts.first { it.debtId == debt.debtId }
        checkEq(0, debt.balance.amount.subtract(BigDecimal("12.30")).compareTo(status.balance.amount), "balance went down by exactly 12.30")
    } }

    h.test("zoom_lookup_and_pay") {
        runBlocking {
            val service = CollectionService.connect(BillerOptions.Zoom(Sim.zoom()), memoryJournal(), null)
            val statement = service.lookup("1000000001")
            checkEq("guide:1000000001", statement.debts.first().debtId, "debt id")
            checkEq(Currency.VES, statement.debts.first().amountDue.currency, "currency")
            val paid = service.pay(zoomRequest(receipt("Z")))
            checkEq(Outcome.CONFIRMED, paid.outcome, "outcome")
            checkEq(1U, paid.sends, "sent once")
        }
    }

    h.test("cooplan_lookup_pay_and_reconcile") {
        runBlocking {
            val service = CollectionService.connect(BillerOptions.Cooplan(Sim.cooplan()), memoryJournal(), null)
            val debt = service.lookup("1001").debts.first()
            checkEq(Currency.BOB, debt.amountDue.currency, "currency")
            val paid = service.pay(request(debt.debtId, debt.amountDue.amount.toPlainString(), receipt("C")))
            checkEq(Outcome.CONFIRMED, paid.outcome, "outcome")
            val report = service.reconcile(paid.reference.paidAt.toLocalDate())
            checkEq(1, report.rows.count { it.finding == Finding.MATCHED }, "matched rows: $report")
            val reversed = service.reverse(paid.reference)
            checkEq(Outcome.CONFIRMED, reversed.outcome, "reversed")
        }
    }

    h.test("unicobros_offers_status_only_and_says_so") {
        runBlocking {
            val collector = Collector.connect(BillerOptions.Unicobros(Sim.unicobros()), null)
            checkEq(BillerId.UNICOBROS, collector.biller(), "biller")
            check(Step.LOOKUP !in collector.capabilities().steps) { "no lookup" }
            val e = expectThrows<RecaudoException.Unsupported>("lookup") { runBlocking { collector.lookup("x") } }
            checkEq(ErrorCode.UNSUPPORTED, e.code, "code")
            val ref = PaymentRef(debtId = "", paymentId = null, receipt = "REF-PAGADA-0001", amount = BigDecimal("100.00"), paidAt = LocalDateTime.parse("2026-11-23T10:00:00"))
            checkEq(StateKind.SETTLED, collector.status(ref).state.kind, "state")
        }
    }

    h.test("status_settlements_and_reversal_through_the_collector") {
        runBlocking {
            val c = Collector.connect(BillerOptions.Unicomer(Sim.unicomer()), null)
            val r = receipt("REV")
            val paid = c.pay(request("700002", "1.10", r))
            checkEq(Outcome.CONFIRMED, paid.outcome, "paid")
            val status = c.status(paid.reference)
            checkEq(StateKind.REGISTERED, status.state.kind, "registered")
            checkEq(paid.reference.paymentId, status.paymentId, "payment id")
            val day = paid.reference.paidAt.toLocalDate()
            val settled = c.settlements(day).single { it.receipt == r }
            checkEq(0, BigDecimal("1.10").compareTo(settled.amount.amount), "settled amount")
            checkEq(Outcome.CONFIRMED, c.reverse(paid.reference).outcome, "reversed")
            checkEq(StateKind.REVERSED, c.status(paid.reference).state.kind, "reversed at the biller")
        }
    }

    h.test("capabilities_and_currency") {
        val c = Collector.connect(BillerOptions.Unicomer(Sim.unicomer()), null)
        checkEq(Currency.USD, c.currency(), "currency")
        checkEq(Duration.ofSeconds(180), c.capabilities().reversalWindow, "reversal window")
        checkEq(Step.values().toList(), c.capabilities().steps, "every step")
    }

    h.test("a_lost_reply_is_recovered_with_one_payment") {
        runBlocking {
            val service = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), memoryJournal(), null)
            val r = receipt("LOST")
            Sim.fault("unicomer", "registrarpago", "drop_after_commit")
            val paid = service.pay(request("700002", "5.00", r))
            checkEq(Outcome.CONFIRMED, paid.outcome, "outcome")
            check(paid.recovered) { "recovered by asking the biller" }
            checkEq(1U, paid.sends, "sent once")
            checkEq(1, Sim.unicomerPayments(r), "exactly one payment at the biller")
            val again = service.pay(request("700002", "5.00", r))
            checkEq(paid, again, "the journal answers a repeated receipt")
            checkEq(1, Sim.unicomerPayments(r), "still one payment")
        }
    }

    h.test("typed_exceptions_carry_code_and_biller_fields") {
        runBlocking {
            val c = Collector.connect(BillerOptions.Unicomer(Sim.unicomer()), null)
            val biller = expectThrows<RecaudoException.Biller>("unknown customer") { runBlocking { c.lookup("0999999999") } }
            checkEq(ErrorCode.BILLER, biller.code, "code")
            checkEq("biller", biller.code.toString(), "the code's stable string")
            checkEq("451", biller.billerCode, "biller code")
            check(biller.billerMessage!!.isNotEmpty()) { "biller message" }
            checkEq(200.toUShort(), biller.httpStatus, "http status")
            check(!biller.mayHaveReachedBiller) { "a definite answer" }

            val amount = expectThrows<RecaudoException.InvalidInput>("negative amount") {
                runBlocking { c.pay(request("700002", "-1.00", receipt("NEG"))) }
            }
            checkEq(ErrorCode.INVALID_AMOUNT, amount.code, "code")
            val decimals = expectThrows<RecaudoException.InvalidInput>("three decimals") {
                runBlocking { c.pay(request("700002", "1.005", receipt("DEC"))) }
            }
            checkEq(ErrorCode.INVALID_AMOUNT, decimals.code, "code")

            val insecure = expectThrows<RecaudoException.InvalidInput>("plain http to a remote host") {
                Collector.connect(BillerOptions.Unicomer(Sim.unicomer().copy(connection = Sim.connection("unicomer").copy(baseUrl = "http://biller.example/"))), null)
            }
            checkEq(ErrorCode.INSECURE_URL, insecure.code, "code")

            val refused = Collector.connect(BillerOptions.Unicomer(Sim.unicomer().copy(connection = Sim.connection("unicomer").copy(baseUrl = "http://127.0.0.1:9/", retryAttempts = 1U))), null)
            val network = expectThrows<RecaudoException.Network>("connection refused") { runBlocking { refused.lookup("0900000001") } }
            checkEq(ErrorCode.CONNECT, network.code, "code")
            check(!network.mayHaveReachedBiller) { "refused: never sent" }
        }
    }

    h.test("no_planted_secret_in_exceptions") {
        runBlocking {
            val planted = "planted-Kotlin-pw-7781"
            val c = Collector.connect(BillerOptions.Unicomer(Sim.unicomer(password = planted)), null)
            val e = expectThrows<RecaudoException.Auth>("bad password") { runBlocking { c.lookup("0900000001") } }
            checkEq(ErrorCode.AUTH, e.code, "code")
            for (text in listOf(e.message, e.toString(), e.detail, e.billerMessage, e.stackTraceToString())) {
                check(text == null || !text.contains(planted)) { "the password leaked: $text" }
            }
        }
    }

    h.test("cancelling_a_suspended_read_returns_at_once") {
        runBlocking {
            val c = Collector.connect(BillerOptions.Unicomer(Sim.unicomer(timeoutMs = 5_000L)), null)
            Sim.fault("unicomer", "estadocuenta", "delay", delayMs = 2_000)
            val started = System.nanoTime()
            expectThrows<TimeoutCancellationException>("withTimeout") {
                runBlocking { withTimeout(200) { c.lookup("0900000001") } }
            }
            val waitedMs = (System.nanoTime() - started) / 1_000_000
            check(waitedMs < 1_000) { "the caller stopped waiting promptly (waited $waitedMs ms)" }
            delay(2_200) // let the delayed reply drain before the next test
        }
    }

    h.test("cancelling_a_payment_stops_the_wait_not_the_payment") {
        runBlocking {
            val journal = memoryJournal()
            val service = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer(timeoutMs = 5_000L)), journal, null)
            val r = receipt("CANCEL")
            Sim.fault("unicomer", "registrarpago", "delay", delayMs = 1_500)
            val started = System.nanoTime()
            expectThrows<TimeoutCancellationException>("withTimeout") {
                runBlocking { withTimeout(200) { service.pay(request("700002", "2.00", r)) } }
            }
            val waitedMs = (System.nanoTime() - started) / 1_000_000
            check(waitedMs < 1_000) { "the caller stopped waiting promptly (waited $waitedMs ms)" }
            // The payment keeps going and the journal records its resolution.
            var entry: JournalEntry? = null
            for (i in 0 until 100) {
                entry = service.journalEntries().firstOrNull { it.request.receipt == r }
                if (entry?.status == EntryStatus.RESOLVED) break
                delay(50)
            }
            checkEq(EntryStatus.RESOLVED, entry?.status, "journal status")
            checkEq(Outcome.CONFIRMED, entry?.result?.outcome, "journal outcome")
            checkEq(1, Sim.unicomerPayments(r), "one payment at the biller")
            val sentBefore = Sim.unicomerRequests("registrarpago")
            val again = service.pay(request("700002", "2.00", r))
            checkEq(Outcome.CONFIRMED, again.outcome, "paying again reads the journal")
            checkEq(sentBefore, Sim.unicomerRequests("registrarpago"), "nothing sent again")
        }
    }

    h.test("app_supplied_transport_carries_every_call") {
        runBlocking {
            val transport = JavaHttpTransport()
            val service = CollectionService.connect(BillerOptions.Zoom(Sim.zoom()), memoryJournal(), transport)
            service.lookup("1000000001")
            val paid = service.pay(zoomRequest(receipt("ZT"), "10.00"))
            checkEq(Outcome.CONFIRMED, paid.outcome, "outcome")
            check(transport.calls.get() >= 3) { "login, lookup and payment went through Kotlin (${transport.calls.get()})" }

            val refused = Collector.connect(BillerOptions.Zoom(Sim.zoom().copy(connection = Sim.connection("zoom").copy(baseUrl = "http://127.0.0.1:9/", retryAttempts = 1U))), transport)
            val e = expectThrows<RecaudoException.Network>("refused through Kotlin") { runBlocking { refused.lookup("1000000001") } }
            checkEq(ErrorCode.CONNECT, e.code, "code ($e)")
            check(!e.mayHaveReachedBiller) { "a refused connection was never sent" }
        }
    }

    h.test("app_transport_lost_reply_is_recovered") {
        runBlocking {
            val transport = JavaHttpTransport()
            val service = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), memoryJournal(), transport)
            val r = receipt("LOSTKT")
            Sim.fault("unicomer", "registrarpago", "drop_after_commit")
            val paid = service.pay(request("700002", "3.00", r))
            checkEq(Outcome.CONFIRMED, paid.outcome, "outcome")
            check(paid.recovered) { "recovered" }
            checkEq(1, Sim.unicomerPayments(r), "one payment")
        }
    }

    h.test("journal_resume_after_a_crash") {
        runBlocking {
            // The app "dies" right after the payment was sent: its journal keeps the intent and
            // the send count written before the send, and fails every later write, so the entry
            // stays in flight; the reply is lost too.
            val journal = KotlinJournal()
            journal.failWritesAfter = 2
            val crashed = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), journal, null)
            val r = receipt("CRASH")
            Sim.fault("unicomer", "registrarpago", "drop_after_commit")
            val unsaved = crashed.pay(request("700002", "4.00", r))
            check(unsaved.unsaved != null) { "the lost outcome write is surfaced: $unsaved" }
            checkEq(EntryStatus.IN_FLIGHT, journal.entries().single { it.request.receipt == r }.status, "left in flight")

            // The app restarts over the same journal and resumes.
            journal.failWritesAfter = null
            val restarted = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), journal, null)
            val resumed = restarted.resume()
            checkEq(1, resumed.size, "one entry resumed")
            val result = resumed.single().result ?: error("resolved: ${resumed.single().error}")
            checkEq(Outcome.CONFIRMED, result.outcome, "outcome")
            checkEq(1U, result.sends, "the send before the crash, nothing more")
            checkEq(1, Sim.unicomerPayments(r), "exactly one payment")
            checkEq(EntryStatus.RESOLVED, journal.entries().single { it.request.receipt == r }.status, "resolved in the Kotlin journal")
            checkEq(0, restarted.resume().size, "nothing left")
        }
    }

    h.test("journal_resume_sends_an_intent_that_never_left") {
        runBlocking {
            val journal = KotlinJournal()
            val r = receipt("UNSENT")
            val now = java.time.Instant.now()
            val localNow = java.time.LocalDateTime.now(java.time.ZoneOffset.ofHours(-5)).withNano(0)
            journal.save(JournalEntry(
                biller = BillerId.UNICOMER,
                request = request("700002", "1.50", r).copy(paidAt = localNow),
                status = EntryStatus.IN_FLIGHT, sends = 0U, result = null, reversal = null, error = null,
                recordedAt = now, updatedAt = now,
            ))
            val service = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), journal, null)
            val result = service.resume().single().result ?: error("resolved")
            checkEq(Outcome.CONFIRMED, result.outcome, "outcome")
            checkEq(1U, result.sends, "sent once, after the biller proved it absent")
            checkEq(1, Sim.unicomerPayments(r), "one payment")
        }
    }

    h.test("file_journal_survives_a_restart") {
        runBlocking {
            val path = Files.createTempDirectory("recaudo-kt").resolve("journal.jsonl").toString()
            val r = receipt("FILE")
            val first = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), fileJournal(path), null)
            first.pay(request("700002", "1.00", r))
            val second = CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), fileJournal(path), null)
            val entry = second.journalEntries().single { it.request.receipt == r }
            checkEq(EntryStatus.RESOLVED, entry.status, "status")
            checkEq(Outcome.CONFIRMED, entry.result?.outcome, "outcome")
            val storage = expectThrows<RecaudoException.Storage>("unwritable path") { fileJournal("/proc/recaudo/none.jsonl") }
            checkEq(ErrorCode.STORAGE, storage.code, "code")
        }
    }

    journalContract(h)
    return h
}
