// An app's first use of recaudo from the installed artifact: the library loads from the jar, and
// one lookup against the simulator (`RECAUDO_SIM_URL`, set by `cargo xtask ffi-test`) comes back
// with a BigDecimal amount.

package com.example.consumer

import io.github.recaudo.Collector
import io.github.recaudo.core.BillerOptions
import io.github.recaudo.core.Connection
import io.github.recaudo.core.UnicomerOptions
import io.github.recaudo.recaudoVersion
import java.math.BigDecimal
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class ConsumerTest {
    private val sim = (System.getenv("RECAUDO_SIM_URL") ?: error("RECAUDO_SIM_URL is not set")).trimEnd('/')

    @Test
    fun theLibraryLoadsFromTheJar() {
        assertEquals("0.1.0", recaudoVersion())
    }

    @Test
    fun looksUpADebt() = runBlocking {
        val options = UnicomerOptions(
            connection = Connection(baseUrl = "$sim/unicomer/", timeoutMs = 5_000L),
            username = "cajero@recaudo.test",
            password = "fake-password-123",
            commerce = "EMPTEST",
        )
        val collector = Collector.connect(BillerOptions.Unicomer(options), null)
        val debts = collector.lookup("0900000001").debts
        assertTrue(debts.isNotEmpty(), "the simulator knows this account")
        assertTrue(debts.all { it.amountDue.amount > BigDecimal.ZERO }, "amounts are BigDecimals")
    }
}
