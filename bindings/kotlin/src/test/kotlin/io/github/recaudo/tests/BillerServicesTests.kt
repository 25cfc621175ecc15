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

    return h
}
