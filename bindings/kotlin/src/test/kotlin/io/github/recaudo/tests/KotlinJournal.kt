// A payment journal implemented in Kotlin (as an app would over Room or SQLite), kept in memory.
// `failWritesAfter` makes it fail every write after the first N, standing in for an app killed
// right after the payment left: the intent is on disk, its resolution never is.

package io.github.recaudo.tests

import io.github.recaudo.JournalException
import io.github.recaudo.JournalStorage
import io.github.recaudo.core.BillerId
import io.github.recaudo.core.JournalEntry

class KotlinJournal : JournalStorage {
    private val entries = LinkedHashMap<Pair<BillerId, String>, JournalEntry>()
    private var writes = 0

    @Volatile var failWritesAfter: Int? = null

    @Synchronized
    override fun save(entry: JournalEntry) {
        val limit = failWritesAfter
        if (limit != null && writes >= limit) {
            throw JournalException.Failed("simulated crash: the app is gone")
        }
        writes++
        entries[entry.biller to entry.request.receipt] = entry
    }

    @Synchronized
    override fun get(biller: BillerId, receipt: String): JournalEntry? = entries[biller to receipt]

    @Synchronized
    override fun entries(): List<JournalEntry> = entries.values.toList()
}
