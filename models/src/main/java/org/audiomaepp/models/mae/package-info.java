/**
 * The masked autoencoder: tokenization, pretraining masks, encoder, decoder, loss, analytic
 * parameter counts, and saving and loading of its parameters with the config they belong to.
 */
package org.audiomaepp.models.mae;
