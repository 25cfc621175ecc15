// Each biller's own services from Kotlin, through the object the unified collector hands out
// (`service.zoom()`, `collector.cooplan()`, null for another biller's), against the simulator:
// Zoom's pay button journaled in the app's journal and approved at the simulated bank's page,
// Zoom's payment records, the button refused without a journal, Unicobros' reference
// resolution.
// JUnit 5 tests, run by Maven Surefire through `cargo xtask ffi-test`.

package io.github.recaudo.tests

import java.math.BigDecimal
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import io.github.recaudo.CollectionService
import io.github.recaudo.Collector
import io.github.recaudo.RecaudoException
import io.github.recaudo.memoryJournal
import io.github.recaudo.core.BillerOptions
import io.github.recaudo.core.ButtonState
import io.github.recaudo.core.EntryStatus
import io.github.recaudo.core.ErrorCode
import io.github.recaudo.core.Outcome
import io.github.recaudo.core.UnicobrosOperationFilters
import io.github.recaudo.core.UnicobrosService
import io.github.recaudo.core.UnicobrosServiceReply
import io.github.recaudo.core.ZoomRecordsQuery
import io.github.recaudo.core.ZoomService
import io.github.recaudo.core.ZoomServiceReply

/** The suite, run by Maven Surefire (`cargo xtask ffi-test`) against the simulator. */
class BillerServicesTests {
    @TestFactory
    fun againstTheSimulator(): List<DynamicTest> = billerServicesTests().tests()
}

fun billerServicesTests(): Harness {
    io.github.recaudo.uniffiEnsureInitialized()
    io.github.recaudo.core.uniffiEnsureInitialized()
    val h = Harness()

    h.test("each_billers_object_only_from_its_own_collector") {
        val cooplan = Collector.connect(BillerOptions.Cooplan(Sim.cooplan()), null)
        check(cooplan.zoom() == null) { "a Cooplan collector has no Zoom services" }
        check(cooplan.unicomer() == null && cooplan.unicobros() == null) { "nor another biller's" }
        check(cooplan.cooplan() != null) { "a Cooplan collector has Cooplan's" }
        val zoom = CollectionService.connect(BillerOptions.Zoom(Sim.zoom()), memoryJournal(), null)
        check(zoom.zoom() != null) { "a Zoom service has Zoom's" }
        check(zoom.cooplan() == null) { "a Zoom service has no Cooplan services" }
    }

    h.test("zoom_pay_button_journaled_then_its_payment_record") {
        runBlocking {
            val service = CollectionService.connect(BillerOptions.Zoom(Sim.zoom()), memoryJournal(), null)
            val zoom = service.zoom() ?: error("a Zoom service has Zoom's services")
            val r = receipt("BTN")
            val back = "http://127.0.0.1:9/checkout/vuelta?recibo=$r"
            val started = zoom.serve(ZoomService.ButtonStart(zoomRequest(r, "75.50"), back))
            check(started is ZoomServiceReply.ButtonStart) { "the reply of the service asked: $started" }
            val checkout = (started as ZoomServiceReply.ButtonStart).checkout
            checkEq(r, checkout.receipt, "receipt")
            checkEq(0, BigDecimal("75.50").compareTo(checkout.amount.amount), "amount")
            // In the app's journal before the customer reaches the bank's page.
            checkEq(EntryStatus.IN_FLIGHT, service.journalEntries().single { it.request.receipt == r }.status, "journaled first")

            val (status, location) = Sim.bankClick(checkout.pageUrl, checkout.control, back, "aprobar")
            checkEq(303, status, "the bank sends the customer back")
            checkEq(back, location, "to the return URL")

            val completed = zoom.serve(ZoomService.ButtonComplete(r))
            check(completed is ZoomServiceReply.ButtonComplete) { "the reply of the service asked: $completed" }
            val outcome = (completed as ZoomServiceReply.ButtonComplete).outcome
            checkEq(ButtonState.PAID, outcome.state, "state")
            checkEq(Outcome.CONFIRMED, outcome.result?.outcome, "outcome")
            checkEq(1U, outcome.result?.sends, "registered once")
            val entry = service.journalEntries().single { it.request.receipt == r }
            checkEq(EntryStatus.RESOLVED, entry.status, "resolved in the journal")
            // A second complete registers nothing again: the journal answers.
            val again = zoom.serve(ZoomService.ButtonComplete(r)) as ZoomServiceReply.ButtonComplete
            checkEq(outcome.result, again.outcome.result, "the same result")

            // Zoom's payment records show it, once, as a pay-button payment (kind 25).
            val found = zoom.serve(ZoomService.PaymentRecords(ZoomRecordsQuery(reference = r)))
            check(found is ZoomServiceReply.PaymentRecords) { "the reply of the service asked: $found" }
            val records = (found as ZoomServiceReply.PaymentRecords).records
            checkEq(1, records.size, "one record: $records")
            checkEq(r, records[0].reference, "reference")
            checkEq("25", records[0].kind, "kind")
            checkEq("75.50", records[0].amount.amount.toPlainString(), "amount")
            checkEq(listOf("guide:1000999999"), records[0].documents, "documents")
        }
    }

    h.test("zoom_payment_records_from_a_collector_and_no_button_without_a_journal") {
        runBlocking {
            val paid = CollectionService.connect(BillerOptions.Zoom(Sim.zoom()), memoryJournal(), null)
                .pay(zoomRequest(receipt("ZREC"), "12.34"))
            checkEq(Outcome.CONFIRMED, paid.outcome, "paid by transfer")
            val zoom = Collector.connect(BillerOptions.Zoom(Sim.zoom()), null).zoom()
                ?: error("a Zoom collector has Zoom's services")
            val found = zoom.serve(ZoomService.PaymentRecords(ZoomRecordsQuery(reference = paid.reference.receipt)))
            val records = (found as ZoomServiceReply.PaymentRecords).records
            checkEq(1, records.size, "one record: $records")
            checkEq("24", records[0].kind, "a transfer")
            checkEq(0, BigDecimal("12.34").compareTo(records[0].amount.amount), "amount")
            checkEq(paid.reference.paymentId, records[0].paymentId, "Zoom's id")
            // A plain collector has no journal: the pay button is refused, typed.
            val r = receipt("NOJ")
            val refused = expectThrows<RecaudoException.Unsupported>("button without a journal") {
                runBlocking { zoom.serve(ZoomService.ButtonStart(zoomRequest(r, "5.00"), "http://127.0.0.1:9/back")) }
            }
            checkEq(ErrorCode.UNSUPPORTED, refused.code, "code")
            check(refused.detail.contains("CollectionService")) { "says where to call it: ${refused.detail}" }
            val none = zoom.serve(ZoomService.PaymentRecords(ZoomRecordsQuery(reference = r))) as ZoomServiceReply.PaymentRecords
            checkEq(0, none.records.size, "nothing registered")
        }
    }

    h.test("unicobros_resolves_a_reference_through_its_object") {
        runBlocking {
            val collector = Collector.connect(BillerOptions.Unicobros(Sim.unicobros()), null)
            val unicobros = collector.unicobros() ?: error("a Unicobros collector has Unicobros' services")
            val paid = unicobros.serve(UnicobrosService.ResolveReference("REF-PAGADA-0001", null))
            check(paid is UnicobrosServiceReply.ResolveReference) { "the reply of the service asked: $paid" }
            val resolution = (paid as UnicobrosServiceReply.ResolveReference).resolution
            checkEq(Outcome.CONFIRMED, resolution.outcome, "outcome")
            checkEq("paid", resolution.finding, "finding")
            checkEq(1, resolution.paid.size, "one paid attempt")
            check(resolution.paid.single().amount is BigDecimal) { "amounts are BigDecimal" }
            check(!resolution.mayRetry) { "a paid reference is not retried" }
            // The gateway's limit is 50: refused before anything is sent, as a typed exception.
            val refused = expectThrows<RecaudoException.InvalidInput>("limit 51") {
                runBlocking { unicobros.serve(UnicobrosService.Operations(0U, 51U, UnicobrosOperationFilters())) }
            }
            checkEq(ErrorCode.INVALID_INPUT, refused.code, "code")
        }
    }

    return h
}
