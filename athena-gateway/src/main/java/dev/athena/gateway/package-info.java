/**
 * The Athena application's front door: the memory tools over HTTP ({@code POST /tools/{name}/execute}),
 * health and metrics. It only translates between the wire and the modules below it.
 */
package dev.athena.gateway;
