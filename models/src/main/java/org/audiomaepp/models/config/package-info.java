/**
 * Model and embedding configurations: records and enums built from presets plus the overrides a
 * sweep file gives, validated up front, with a canonical map form for job keys and provenance.
 */
package org.audiomaepp.models.config;
