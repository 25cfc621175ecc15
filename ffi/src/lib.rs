//! recaudo for Kotlin, Swift and C (work in progress).
