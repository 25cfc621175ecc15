// A tiny test harness: runs named tests, prints one line per test and a cargo-style summary
// (`test result: ok. N passed; M failed`) that `cargo xtask test` adds to its tally.

package recaudo.tests

class AssertionFailed(message: String) : Exception(message)

fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionFailed(message())
}

fun <T> checkEq(expected: T, actual: T, what: String) {
    check(expected == actual) { "$what: expected <$expected>, got <$actual>" }
}

/** Runs [block], which must throw [E]; returns the exception. */
inline fun <reified E : Throwable> expectThrows(what: String, block: () -> Unit): E {
    try {
        block()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionFailed("$what: expected ${E::class.simpleName}, got $e")
    }
    throw AssertionFailed("$what: expected ${E::class.simpleName}, nothing was thrown")
}

class Harness {
    private var passed = 0
    private var failed = 0

    fun test(name: String, body: () -> Unit) {
        val started = System.nanoTime()
        try {
            body()
            passed++
            println("test $name ... ok (${(System.nanoTime() - started) / 1_000_000} ms)")
        } catch (e: Throwable) {
            failed++
            println("test $name ... FAILED")
            println("    $e")
            e.stackTrace.take(6).forEach { println("        at $it") }
        }
    }

    /** Prints the summary; returns the process exit status. */
    fun finish(): Int {
        val status = if (failed == 0) "ok" else "FAILED"
        println("\ntest result: $status. $passed passed; $failed failed")
        return if (failed == 0) 0 else 1
    }
}
