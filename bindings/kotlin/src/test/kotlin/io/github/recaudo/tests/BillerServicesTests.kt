// Each biller's own services from Kotlin, through the object the unified collector hands out
// (`service.zoom()`, `collector.cooplan()`, null for another biller's), against the simulator.
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
