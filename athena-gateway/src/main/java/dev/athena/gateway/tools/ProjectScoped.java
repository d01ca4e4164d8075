package dev.athena.gateway.tools;

/** Tool parameters that act inside one project; {@code null} means the default project. */
public interface ProjectScoped {

    String project();
}
