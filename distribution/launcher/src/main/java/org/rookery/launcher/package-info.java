/** The front-end's entry point: logging first, then Felix main. */
package org.rookery.launcher;
