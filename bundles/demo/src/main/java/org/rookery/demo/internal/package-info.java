/** The demo's HTTP nodes and default configuration; not exported. */
package org.rookery.demo.internal;
