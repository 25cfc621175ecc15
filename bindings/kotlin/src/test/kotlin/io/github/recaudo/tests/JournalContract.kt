// One contract for every journal, from Kotlin over its adapter: the clauses of the Rust suite
// (`tests/journal_contract.rs`) run through the uniffi `JournalStorage` trait against the
// simulator, for two storages:
//
// - "kotlin": a `JournalStorage` implemented in Kotlin over a table the test controls (as an app
//   would over Room or SQLite). Entries cross the FFI as records, so a damaged row is a record
//   whose text fields do not read (a timestamp, an amount), or a read that throws.
// - "file": the built-in `fileJournal(path)`, one JSON line per write.
//
// Clauses: round trip (a new service over the same storage sees every entry, amounts to the
// digit), torn write and corrupt entry (reported as `storage`, never skipped, nothing sent),
// concurrent claim (two coroutines paying one receipt through one service send it once and get
// one outcome), unsaved outcome (surfaced on the result, then settled by `resume` without a
// second payment), and a save that fails before the send (nothing sent).

package io.github.recaudo.tests

import java.io.File
import java.math.BigDecimal
import java.nio.file.Files
import java.time.LocalDateTime
import java.time.OffsetDateTime
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runBlocking
import io.github.recaudo.CollectionService
import io.github.recaudo.JournalException
import io.github.recaudo.JournalStorage
import io.github.recaudo.RecaudoException
import io.github.recaudo.fileJournal
import io.github.recaudo.core.BillerId
import io.github.recaudo.core.BillerOptions
import io.github.recaudo.core.Currency
import io.github.recaudo.core.EntryStatus
import io.github.recaudo.core.ErrorCode
import io.github.recaudo.core.Evidence
import io.github.recaudo.core.JournalEntry
import io.github.recaudo.core.Outcome
import io.github.recaudo.core.Payer
import io.github.recaudo.core.PaymentRef
import io.github.recaudo.core.PaymentRequest
import io.github.recaudo.core.PaymentResult
import io.github.recaudo.core.PaymentState
import io.github.recaudo.core.Rejection
import io.github.recaudo.core.ReversalResult
import io.github.recaudo.core.StateKind

// ---------------------------------------------------------------- storages under the contract

/** A journal's storage under the contract. Every test gets a fresh, empty one. */
interface JournalSubject {
    val name: String

    /** Opens the storage again, as a restarted app (or another service) would: same entries. */
    fun open(): JournalStorage

    /** Makes what is stored for `receipt` unreadable. Returns text the error must contain, if any. */
    fun corrupt(receipt: String): String?
}

/** The app's "database": rows keyed by biller and receipt, in insertion order. */
class Table {
    val rows = LinkedHashMap<Pair<BillerId, String>, JournalEntry>()

    /** When set, every read throws this (a database that cannot be read). */
    @Volatile var readFailure: (() -> Throwable)? = null
}

/** A `JournalStorage` in Kotlin over a [Table]. */
class TableJournal(private val table: Table) : JournalStorage {
    override fun save(entry: JournalEntry) {
        synchronized(table) { table.rows[entry.biller to entry.request.receipt] = entry }
    }

    override fun get(biller: BillerId, receipt: String): JournalEntry? = synchronized(table) {
        table.readFailure?.let { throw it() }
        table.rows[biller to receipt]
    }

    override fun entries(): List<JournalEntry> = synchronized(table) {
        table.readFailure?.let { throw it() }
        table.rows.values.toList()
    }
}

class KotlinSubject : JournalSubject {
    override val name = "kotlin"
    val table = Table()

    override fun open(): JournalStorage = TableJournal(table)

    /** The row's amount is beyond any payment: the record does not lift in Rust. */
    override fun corrupt(receipt: String): String? {
        synchronized(table) {
            val key = table.rows.keys.single { it.second == receipt }
            table.rows[key] = table.rows.getValue(key).let { it.copy(request = it.request.copy(amount = BigDecimal("1E+20"))) }
        }
        return null
    }
}

class FileSubject : JournalSubject {
    override val name = "file"
    val path: String = Files.createTempDirectory("recaudo-kt-contract").resolve("journal.jsonl").toString()

    override fun open(): JournalStorage = fileJournal(path)

    /** The receipt's last line is cut in half (it must not be the file's last line). */
    override fun corrupt(receipt: String): String? {
        val file = File(path)
        val lines = file.readText().split("\n").toMutableList()
        val at = lines.indexOfLast { it.contains("\"receipt\":\"$receipt\"") }
        check(at >= 0 && at < lines.indexOfLast { it.isNotBlank() }) { "no middle line for $receipt" }
        lines[at] = lines[at].substring(0, lines[at].length / 2)
        file.writeText(lines.joinToString("\n"))
        return "line ${at + 1}"
    }
}

/** A storage whose saves fail after the first `okSaves` (a full disk, a database gone). */
class SavesFailAfter(private val inner: JournalStorage, private val okSaves: Int) : JournalStorage {
    @Volatile var saves = 0
    @Volatile var refused = 0

    @Synchronized
    override fun save(entry: JournalEntry) {
        if (saves >= okSaves) {
            refused++
            throw JournalException.Failed("no space left on device (test)")
        }
        saves++
        inner.save(entry)
    }

    override fun get(biller: BillerId, receipt: String): JournalEntry? = inner.get(biller, receipt)

    override fun entries(): List<JournalEntry> = inner.entries()
}

// ---------------------------------------------------------------- helpers

fun unicomerService(journal: JournalStorage): CollectionService =
    CollectionService.connect(BillerOptions.Unicomer(Sim.unicomer()), journal, null)

fun registrarpago(): Long = Sim.unicomerRequests("registrarpago")

/** Runs [block], which must fail with a `storage` error; returns it. */
fun expectStorage(what: String, block: suspend () -> Unit): RecaudoException.Storage {
    val e = expectThrows<RecaudoException.Storage>(what) { runBlocking { block() } }
    checkEq(ErrorCode.STORAGE, e.code, "$what: code")
    return e
}

/** An entry with every field set, including the optional ones; amounts and text as given. */
fun fullEntry(biller: BillerId, receipt: String, amount: String): JournalEntry {
    val reference = PaymentRef(
        debtId = "700001",
        paymentId = "1001",
        receipt = receipt,
        amount = BigDecimal(amount),
        paidAt = LocalDateTime.parse("2026-11-23T10:15:00"),
    )
    val evidence = listOf(
        Evidence(step = "registrarpago", detail = "reply lost after 400 ms"),
        Evidence(step = "consultarpago", detail = "estado 1: \"REGISTRADO\" — ñandú, 100 %"),
    )
    return JournalEntry(
        biller = biller,
        request = PaymentRequest(
            debtId = "700001",
            amount = BigDecimal(amount),
            receipt = receipt,
            paidAt = LocalDateTime.parse("2026-11-23T10:15:00"),
            cashier = "CAJERA ÁNGELA",
            location = "AGENCIA \"CENTRO\"",
            payer = Payer(id = "V-00000001", name = "CLIENTE DE PRUEBA", email = "cliente@example.test"),
            balance = BigDecimal("1000000.10"),
            extra = mapOf("bank_account" to "0213"),
        ),
        status = EntryStatus.RESOLVED,
        sends = 2U,
        result = PaymentResult(
            outcome = Outcome.CONFIRMED,
            reference = reference,
            currency = Currency.USD,
            recovered = true,
            sends = 2U,
            state = PaymentState(kind = StateKind.REGISTERED, code = "1", description = "REGISTRADO"),
            rejection = Rejection(code = "451", message = "el recibo ya existe", byBiller = true),
            evidence = evidence,
            unsaved = null,
        ),
        reversal = ReversalResult(
            outcome = Outcome.NEEDS_REVIEW,
            reference = reference,
            recovered = false,
            state = null,
            rejection = null,
            evidence = evidence,
        ),
        error = "an earlier attempt: connection refused",
        // As Rust writes an instant (RFC 3339, `+00:00`), so the text compares equal too.
        recordedAt = OffsetDateTime.parse("2026-09-21T12:26:40.123456789+00:00").toInstant(),
        updatedAt = OffsetDateTime.parse("2026-09-21T12:26:45.987654321+00:00").toInstant(),
    )
}

fun intent(biller: BillerId, receipt: String, amount: String): JournalEntry =
    fullEntry(biller, receipt, amount).copy(
        status = EntryStatus.IN_FLIGHT, sends = 0U, result = null, reversal = null, error = null,
    )

/** The entries of `receipts` (any biller), in the journal's order. */
fun List<JournalEntry>.only(vararg receipts: String) = filter { it.request.receipt in receipts }

// ---------------------------------------------------------------- the clauses

/** Entries saved through one handle read back, field for field, through a service over another. */
fun roundTripEntries(s: JournalSubject) {
    val a = fullEntry(BillerId.UNICOMER, receipt("RT1"), "831.60")
    val b = intent(BillerId.ZOOM, a.request.receipt, "0.01")
    val c = intent(BillerId.COOPLAN, receipt("RT3"), "123456789012.3456")
    val first = s.open()
    first.save(a)
    first.save(b)
    first.save(c)
    // Saving again replaces the entry where it stands.
    val b2 = b.copy(sends = 1U, updatedAt = OffsetDateTime.parse("2026-09-21T12:27:40.000000001+00:00").toInstant())
    first.save(b2)

    val listed = unicomerService(s.open()).journalEntries().only(a.request.receipt, c.request.receipt)
    checkEq(listOf(a, b2, c), listed, "${s.name}: every entry, oldest first, as written")
    // BigDecimal's equals compares the scale too; the text says it plainly.
    checkEq("831.60", listed[0].request.amount.toPlainString(), "amount text")
    checkEq("831.60", listed[0].result?.reference?.amount?.toPlainString(), "result amount text")
    checkEq("1000000.10", listed[0].request.balance?.toPlainString(), "balance text")
    checkEq("0.01", listed[1].request.amount.toPlainString(), "small amount text")
    checkEq("123456789012.3456", listed[2].request.amount.toPlainString(), "long amount text")
    // And from the storage itself (Rust reads it back for the file journal).
    checkEq(a, s.open().get(BillerId.UNICOMER, a.request.receipt), "get")
    checkEq(b2, s.open().get(BillerId.ZOOM, a.request.receipt), "keyed by biller and receipt")
    checkEq(null, s.open().get(BillerId.COOPLAN, a.request.receipt), "no such entry")
}

/** A payment made through one service is seen, exactly, by a new service over the same storage. */
fun roundTripPayment(s: JournalSubject) = runBlocking {
    val r1 = receipt("RTP1")
    val r2 = receipt("RTP2")
    val first = unicomerService(s.open())
    val paid = first.pay(request("700002", "12.30", r1))
    checkEq(Outcome.CONFIRMED, paid.outcome, "outcome")
    val small = first.pay(request("700002", "0.50", r2))
    checkEq(Outcome.CONFIRMED, small.outcome, "outcome")
    val written = first.journalEntries().only(r1, r2)

    val second = unicomerService(s.open())
    val seen = second.journalEntries().only(r1, r2)
    checkEq(written, seen, "${s.name}: the new service sees the entries as written")
    checkEq(listOf(r1, r2), seen.map { it.request.receipt }, "oldest first")
    val entry = seen[0]
    checkEq(EntryStatus.RESOLVED, entry.status, "status")
    checkEq(1U, entry.sends, "sends")
    checkEq(paid, entry.result, "the recorded result")
    checkEq("12.30", entry.request.amount.toPlainString(), "request amount, scale kept")
    checkEq("12.30", entry.result?.reference?.amount?.toPlainString(), "result amount, scale kept")
    checkEq("0.50", seen[1].request.amount.toPlainString(), "second amount, scale kept")
    // The new service answers the receipt from the journal and sends nothing.
    val sent = registrarpago()
    checkEq(paid, second.pay(request("700002", "12.30", r1)), "paying again reads the journal")
    checkEq(sent, registrarpago(), "nothing sent again")
    checkEq(1, Sim.unicomerPayments(r1), "one payment at the biller")
}

/** A stored entry that does not read is a `storage` error wherever it is met; nothing is sent. */
fun corruptEntry(s: JournalSubject) = runBlocking {
    val damaged = receipt("CE1")
    val sound = receipt("CE2")
    val first = unicomerService(s.open())
    first.pay(request("700002", "1.25", damaged))
    first.pay(request("700002", "1.26", sound))
    val needle = s.corrupt(damaged)
    val sent = registrarpago()

    val errors = listOf(
        expectStorage("${s.name}: journal entries") { unicomerService(s.open()).journalEntries() },
        expectStorage("${s.name}: pay the damaged receipt again") {
            unicomerService(s.open()).pay(request("700002", "1.25", damaged))
        },
        expectStorage("${s.name}: resume") { unicomerService(s.open()).resume() },
    )
    for (e in errors) {
        check(needle == null || e.detail.contains(needle)) { "${s.name}: the error does not name `$needle`: ${e.detail}" }
        check(!e.mayHaveReachedBiller) { "${s.name}: a journal error is not a send" }
    }
    checkEq(sent, registrarpago(), "${s.name}: nothing sent")
    checkEq(1, Sim.unicomerPayments(damaged), "${s.name}: still one payment")
}

/** Two coroutines paying one receipt at once through one service: one send, one outcome. */
fun concurrentClaim(s: JournalSubject) = runBlocking {
    val r = receipt("CC")
    val svc = unicomerService(s.open())
    val sent = registrarpago()
    // The first send's reply is slow, so the second caller arrives while it runs.
    Sim.fault("unicomer", "registrarpago", "delay", delayMs = 400)
    val started = java.util.concurrent.ConcurrentLinkedQueue<Long>()
    val ended = java.util.concurrent.ConcurrentLinkedQueue<Long>()
    suspend fun payOnce() = try {
        started.add(System.nanoTime())
        svc.pay(request("700002", "2.34", r))
    } finally {
        ended.add(System.nanoTime())
    }
    val (a, b) = coroutineScope {
        val one = async(Dispatchers.IO) { payOnce() }
        val two = async(Dispatchers.IO) { payOnce() }
        one.await() to two.await()
    }
    check(started.max() < ended.min()) { "${s.name}: the two payments did not overlap" }
    checkEq(Outcome.CONFIRMED, a.outcome, "${s.name}: first outcome")
    // Equal in full: the second caller read what the first recorded (a second resolution of its
    // own would differ, e.g. `recovered`).
    checkEq(a, b, "${s.name}: both callers get the same outcome")
    checkEq(sent + 1, registrarpago(), "${s.name}: sent once (GET /_sim/state)")
    checkEq(1, Sim.unicomerPayments(r), "${s.name}: one payment at the biller")
    val entry = unicomerService(s.open()).journalEntries().single { it.request.receipt == r }
    checkEq(EntryStatus.RESOLVED, entry.status, "journal status")
    checkEq(1U, entry.sends, "journal sends")
}

/** The outcome cannot be written after the intent and the send count were: the result says so,
 *  the entry stays in flight, and `resume` over a working storage settles it without paying twice. */
fun unsavedOutcome(s: JournalSubject) = runBlocking {
    val r = receipt("US")
    val failing = SavesFailAfter(s.open(), okSaves = 2) // the intent, then the first send count
    val paid = unicomerService(failing).pay(request("700002", "7.77", r))
    checkEq(Outcome.CONFIRMED, paid.outcome, "${s.name}: the payment resolves")
    val why = paid.unsaved ?: throw AssertionFailed("${s.name}: an unsaved outcome was not surfaced: $paid")
    check(why.contains("no space left")) { "${s.name}: unsaved says why: $why" }
    checkEq(2 to 1, failing.saves to failing.refused, "intent and send count written, the outcome refused")
    checkEq(1, Sim.unicomerPayments(r), "paid once")
    val sent = registrarpago()

    val left = s.open().get(BillerId.UNICOMER, r) ?: throw AssertionFailed("the intent was written")
    checkEq(EntryStatus.IN_FLIGHT, left.status, "${s.name}: left in flight")
    checkEq(1U, left.sends, "${s.name}: the send was counted")

    val restarted = unicomerService(s.open())
    val resumed = restarted.resume().filter { it.receipt == r }
    checkEq(1, resumed.size, "${s.name}: one entry resumed")
    val result = resumed.single().result ?: throw AssertionFailed("resolved: ${resumed.single().error}")
    checkEq(Outcome.CONFIRMED, result.outcome, "outcome")
    checkEq(null, result.unsaved, "saved this time")
    checkEq(1U, result.sends, "the send before the failure, nothing more")
    checkEq(paid.reference.paymentId, result.reference.paymentId, "the same payment")
    checkEq(sent, registrarpago(), "${s.name}: no second payment sent")
    checkEq(1, Sim.unicomerPayments(r), "${s.name}: exactly one payment at the biller")
    val settled = s.open().get(BillerId.UNICOMER, r)
    checkEq(EntryStatus.RESOLVED, settled?.status, "${s.name}: settled in the storage")
    checkEq(0, restarted.resume().count { it.receipt == r }, "nothing left")
}

/** A save that fails before the first send (the intent, or the send count) sends nothing. */
fun saveFailsBeforeTheSend(s: JournalSubject) = runBlocking {
    for (okSaves in 0..1) {
        val r = receipt("NS$okSaves")
        val sent = registrarpago()
        expectStorage("${s.name}: saves fail after $okSaves") {
            unicomerService(SavesFailAfter(s.open(), okSaves)).pay(request("700002", "1.11", r))
        }
        checkEq(sent, registrarpago(), "${s.name}: nothing sent (saves fail after $okSaves)")
        checkEq(0, Sim.unicomerPayments(r), "no payment")
    }
}

// ---------------------------------------------------------------- storage-specific clauses

/** The Kotlin storage's reads fail: declared (JournalException), undeclared, or damaged amounts. */
fun kotlinReadsThatFail() = runBlocking {
    val s = KotlinSubject()
    val r = receipt("KRF")
    unicomerService(s.open()).pay(request("700002", "1.30", r))
    val sent = registrarpago()

    s.table.readFailure = { JournalException.Failed("database is locked (test)") }
    for (e in listOf(
        expectStorage("declared: pay") { unicomerService(s.open()).pay(request("700002", "1.30", r)) },
        expectStorage("declared: resume") { unicomerService(s.open()).resume() },
        expectStorage("declared: entries") { unicomerService(s.open()).journalEntries() },
    )) {
        check(e.detail.contains("database is locked (test)")) { "the app's message is carried: ${e.detail}" }
    }
    s.table.readFailure = { IllegalStateException("cursor closed (test)") }
    expectStorage("undeclared: pay") { unicomerService(s.open()).pay(request("700002", "1.30", r)) }
    expectStorage("undeclared: resume") { unicomerService(s.open()).resume() }
    s.table.readFailure = null

    // An amount that is no amount recaudo takes (21 integer digits) does not lift either.
    synchronized(s.table) {
        val key = BillerId.UNICOMER to r
        val row = s.table.rows.getValue(key)
        s.table.rows[key] = row.copy(request = row.request.copy(amount = BigDecimal("1E+20")))
    }
    expectStorage("damaged amount: pay") { unicomerService(s.open()).pay(request("700002", "1.30", r)) }
    expectStorage("damaged amount: entries") { unicomerService(s.open()).journalEntries() }
    checkEq(sent, registrarpago(), "nothing sent")
    checkEq(1, Sim.unicomerPayments(r), "one payment")
}

/** File journal: damaged middle lines refuse to open and leave the file as it was; a torn last
 *  line (a crash mid-write) leaves the entry's previous write, and the journal goes on. */
fun fileTornAndDamagedLines() = runBlocking {
    val s = FileSubject()
    val first = s.open()
    val a = intent(BillerId.UNICOMER, receipt("FT0"), "1.00")
    val before = intent(BillerId.UNICOMER, receipt("FT1"), "25.00").copy(sends = 1U)
    first.save(a)
    first.save(before)
    val next = fullEntry(BillerId.UNICOMER, before.request.receipt, "25.00")
    val file = File(s.path)
    val sound = file.readText()

    // A crash in the middle of the next write leaves half a line, with no newline, at the end.
    val line = sound.lines().first { it.contains(before.request.receipt) }
    file.writeText(sound + line.substring(0, line.length / 2))
    val reopened = s.open()
    checkEq(before, reopened.get(BillerId.UNICOMER, before.request.receipt), "the last complete write stands")
    checkEq(2, reopened.entries().size, "both entries")
    reopened.save(next)
    val again = s.open()
    checkEq(next, again.get(BillerId.UNICOMER, before.request.receipt), "the journal goes on after a torn write")
    checkEq(a, again.get(BillerId.UNICOMER, a.request.receipt), "the other entry")

    // Damage in the middle: valid JSON that is no entry, or half a line followed by more lines.
    val good = file.readText()
    val lines = good.trimEnd('\n').split("\n")
    for ((what, damaged) in listOf(
        "not an entry" to "{\"biller\":\"unicomer\"}",
        "half a line" to lines[1].substring(0, lines[1].length / 3),
        "not JSON" to "\u0000\u0000garbage",
    )) {
        val text = (listOf(lines[0], damaged) + lines.drop(2)).joinToString("\n", postfix = "\n")
        file.writeText(text)
        val e = expectStorage("$what: fileJournal") { fileJournal(s.path) }
        check(e.detail.contains("line 2")) { "$what: the error names the line: ${e.detail}" }
        checkEq(text, file.readText(), "$what: the file is left as it was")
    }
    file.writeText(good)
    checkEq(next, s.open().get(BillerId.UNICOMER, before.request.receipt), "repaired, it opens")
}

/** Registers every clause for every storage. */
fun journalContract(h: Harness) {
    val subjects = listOf<Pair<String, () -> JournalSubject>>("kotlin" to ::KotlinSubject, "file" to ::FileSubject)
    for ((name, make) in subjects) {
        h.test("journal_contract_round_trip_entries_$name") { roundTripEntries(make()) }
        h.test("journal_contract_round_trip_payment_$name") { roundTripPayment(make()) }
        h.test("journal_contract_torn_or_corrupt_entry_$name") { corruptEntry(make()) }
        h.test("journal_contract_concurrent_claim_$name") { concurrentClaim(make()) }
        h.test("journal_contract_unsaved_outcome_$name") { unsavedOutcome(make()) }
        h.test("journal_contract_save_fails_before_the_send_$name") { saveFailsBeforeTheSend(make()) }
    }
    h.test("journal_contract_kotlin_reads_that_fail") { kotlinReadsThatFail() }
    h.test("journal_contract_file_torn_and_damaged_lines") { fileTornAndDamagedLines() }
}
