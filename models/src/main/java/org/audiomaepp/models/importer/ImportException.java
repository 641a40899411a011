package org.audiomaepp.models.importer;

import org.audiomaepp.models.BadConfigException;

/**
 * A checkpoint that cannot be imported: unreadable, of an unknown format, asking for a class
 * outside the supported set, or holding tensors the model does not expect. The message names the
 * file and, where there is one, the tensor or class; the command line maps it to exit 2.
 */
public final class ImportException extends BadConfigException {
    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
