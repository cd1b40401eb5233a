/** Immutable classifiers and the chain that joins them, usable without OSGi (tests, benchmarks, replay). */
@Version("0.1.0")
@Export
package org.rookery.classifier;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
