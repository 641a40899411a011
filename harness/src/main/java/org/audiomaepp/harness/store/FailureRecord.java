package org.audiomaepp.harness.store;

/**
 * The {@code FAILED} record of a job's last failed attempt.
 *
 * @param message        the error message
 * @param exceptionClass the exception's class, or {@code exit code N} when a child JVM died without
 *                       recording one (crash, out of memory, killed)
 * @param transientFailure true if a retry may succeed
 * @param logTail        the last lines of the job's log
 * @param host           where it failed
 * @param pid            the process that failed
 * @param time           when, ISO-8601
 * @param attempt        which attempt of the executor this was (1 = first try)
 */
public record FailureRecord(
        String message,
        String exceptionClass,
        boolean transientFailure,
        String logTail,
        String host,
        long pid,
        String time,
        int attempt) {

    /**
     * The failure as one line for people: the message alone (it names the file and the fix), or,
     * without one, what failed in words ({@code exit code N}, or the exception's simple name) —
     * never a Java class name with its package.
     */
    public String summary() {
        if (message != null && !message.isBlank() && !message.equals("null")) {
            return message;
        }
        if (exceptionClass == null || exceptionClass.isBlank()) {
            return "failed";
        }
        String simple = exceptionClass.substring(exceptionClass.lastIndexOf('.') + 1);
        return simple.startsWith("exit code") ? exceptionClass : "failed (" + simple + ", no message)";
    }
}
