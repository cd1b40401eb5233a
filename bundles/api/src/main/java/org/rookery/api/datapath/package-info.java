/** Datapaths: the parts that carry packets or connections and ask the dispatcher where they go. */
@Version("0.2.0")
@Export
package org.rookery.api.datapath;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
