/**
 * HEAR task directories: reading and validating them ({@link org.audiomaepp.tasks.hear.HearTaskReader}),
 * their train/validation/test rotations ({@link org.audiomaepp.tasks.hear.TaskSplits}), and the ten
 * tasks of the paper ({@link org.audiomaepp.tasks.hear.KnownTasks}).
 */
package org.audiomaepp.tasks.hear;
