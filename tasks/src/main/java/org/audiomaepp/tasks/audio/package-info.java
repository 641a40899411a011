/**
 * Audio in: {@link org.audiomaepp.tasks.audio.AudioReader} reads WAV and FLAC files as mono float
 * clips (with {@link org.audiomaepp.tasks.audio.AudioReader#info} for headers alone),
 * {@link org.audiomaepp.tasks.audio.Resampler} brings them to 16 kHz, and
 * {@link org.audiomaepp.tasks.audio.LogMel} turns 16 kHz clips into the models' log-mel input.
 */
package org.audiomaepp.tasks.audio;
