// The suite's assertions and its list of named tests, which JUnit 5 runs as dynamic tests.

package io.github.recaudo.tests

import org.junit.jupiter.api.DynamicTest

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

/**
 * The named tests of a suite, in order, as JUnit 5 dynamic tests: Surefire runs and reports each
 * one (`@TestFactory` in [CollectionTests]), and an assertion above fails only its own test.
 */
class Harness {
    private val tests = mutableListOf<DynamicTest>()

    fun test(name: String, body: () -> Unit) {
        tests += DynamicTest.dynamicTest(name) { body() }
    }

    fun tests(): List<DynamicTest> = tests.toList()
}
