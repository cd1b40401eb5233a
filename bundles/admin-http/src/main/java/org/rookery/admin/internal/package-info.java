/** The admin HTTP listener: Prometheus metrics, the state as JSON and the live dashboard, on loopback unless told otherwise. */
package org.rookery.admin.internal;
