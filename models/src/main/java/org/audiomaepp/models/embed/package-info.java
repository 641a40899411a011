/** Frozen scene embeddings of whole clips from a pretrained encoder (docs/model.md §9). */
package org.audiomaepp.models.embed;
