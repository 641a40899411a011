package org.audiomaepp.models.config;

/** Width, depth and attention heads of the MAE decoder (docs/model.md §5; width is Table 4's axis). */
public record DecoderConfig(int width, int depth, int heads) {}
