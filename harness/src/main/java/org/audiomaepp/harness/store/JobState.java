package org.audiomaepp.harness.store;

/** Where a job stands in the store. */
public enum JobState {
    /** {@code DONE} exists: the outputs are complete. */
    DONE,
    /** A live process holds the job (its {@code RUNNING} marker names a live process). */
    RUNNING,
    /** The last attempt failed ({@code FAILED} exists, no {@code DONE}). */
    FAILED,
    /** Not done, not running, not failed: nothing usable in the store yet. */
    PENDING;

    /** Lower-case name for listings. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
