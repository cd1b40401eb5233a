/** The node agent: samples the node's load from /proc and reports it, signed, to the front-end. */
@Version("0.2.0")
@Export
package org.rookery.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
