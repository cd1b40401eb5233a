/** Classifiers: the links of the ordered chain that maps a flow to a verdict. */
@Version("0.1.0")
@Export
package org.rookery.api.classify;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
