// One Unicomer lookup against the simulator from Kotlin, through the bindings and the native
// library, many times: prints the median (run by `cargo xtask ffi-perf`, next to the same
// lookup from Rust, `ffi/src/bin/lookup-bench.rs`). With RECAUDO_APP_TRANSPORT=1 the calls go
// through the app's own transport (java.net.http, as an Android app would pass OkHttp), which is
// how the mobile library, built without a native transport, is run.

package io.github.recaudo.tests

import kotlinx.coroutines.runBlocking
import io.github.recaudo.Collector
import io.github.recaudo.core.BillerOptions
import io.github.recaudo.core.Connection
import io.github.recaudo.core.UnicomerOptions

fun main(args: Array<String>) {
    io.github.recaudo.uniffiEnsureInitialized()
    io.github.recaudo.core.uniffiEnsureInitialized()
    val base = System.getenv("RECAUDO_SIM_URL") ?: error("RECAUDO_SIM_URL is not set")
    val calls = args.getOrNull(0)?.toInt() ?: 300
    val warmup = args.getOrNull(1)?.toInt() ?: 50
    val options = UnicomerOptions(
        connection = Connection("${base.trimEnd('/')}/unicomer/", false, 5_000L, null, null, null),
        username = "cajero@recaudo.test",
        password = "fake-password-123",
        commerce = "EMPTEST",
    )
    val transport = if (System.getenv("RECAUDO_APP_TRANSPORT") == "1") JavaHttpTransport() else null
    val collector = Collector.connect(BillerOptions.Unicomer(options), transport)
    val samples = LongArray(calls)
    runBlocking {
        repeat(warmup) { collector.lookup("0900000001") }
        for (i in 0 until calls) {
            val started = System.nanoTime()
            val statement = collector.lookup("0900000001")
            samples[i] = System.nanoTime() - started
            check(statement.debts.isNotEmpty())
        }
    }
    samples.sort()
    println("kotlin_lookup_median_us ${samples[calls / 2] / 1_000}")
}
