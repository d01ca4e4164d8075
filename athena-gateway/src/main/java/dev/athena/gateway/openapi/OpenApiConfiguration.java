package dev.athena.gateway.openapi;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.athena.gateway.tools.ToolDescription;
import dev.athena.gateway.tools.ToolRegistry;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). Spring MVC knows only the
 * generic {@code POST /tools/{name}/execute}; it is replaced by one operation per tool whose request body is that
 * tool's JSON Schema, so the document, {@code GET /tools} and MCP all show the same parameters.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String GENERIC_EXECUTE = "/tools/{name}/execute";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI athenaOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("Athena")
                        .version(version == null ? "dev" : version)
                        .description("Long-term memory for LLM agents. Every tool is also served over MCP at /mcp.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API key, when keys are configured (ATHENA_API_KEYS)"))
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-API-Key")))
                .security(List.of(
                        new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("apiKey")))
                // Relative: otherwise the server URL is built from the request's Host header, which anyone can set.
                .servers(List.of(new Server().url("/").description("the server this document was read from")));
    }

    /** Documented models use the wire's snake_case names, as the responses do. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenApiCustomizer toolOperations(ToolRegistry registry) {
        return openApi -> {
            openApi.getPaths().remove(GENERIC_EXECUTE);
            for (ToolDescription tool : registry.descriptions()) {
                openApi.getPaths()
                        .addPathItem("/tools/" + tool.name() + "/execute", new PathItem().post(operation(tool)));
            }
        };
    }

    private static Operation operation(ToolDescription tool) {
        MediaType body = new MediaType().schema(schema(tool));
        if (tool.example() != null) {
            body.setExample(read(tool.example().toString(), Object.class));
        }
        return new Operation()
                .operationId("execute_" + tool.name())
                .summary(tool.name())
                .description(tool.description())
                .addTagsItem("tools")
                .requestBody(
                        new RequestBody().required(true).content(new Content().addMediaType("application/json", body)))
                .responses(new ApiResponses()
                        .addApiResponse(
                                "200",
                                new ApiResponse()
                                        .description("the tool's result")
                                        .content(new Content()
                                                .addMediaType(
                                                        "application/json",
                                                        new MediaType().schema(new ObjectSchema()))))
                        .addApiResponse(
                                "400", problem("invalid parameters: each offending field is listed under errors"))
                        .addApiResponse("401", problem("API keys are on and the request has no valid key"))
                        .addApiResponse("403", problem("the key is not bound to the project the call acts on"))
                        .addApiResponse("404", problem("no such tool, or the id named does not exist"))
                        .addApiResponse("413", problem("the body is larger than athena.gateway.max-body-size"))
                        .addApiResponse("415", problem("the body is not application/json"))
                        .addApiResponse("503", problem("the database is unavailable; see Retry-After")));
    }

    private static Schema<?> schema(ToolDescription tool) {
        ObjectNode schema = (ObjectNode) tool.inputSchema().deepCopy();
        schema.remove("$schema");
        return read(schema.toString(), Schema.class);
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new ObjectSchema())));
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json31.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a generated tool schema could not be read as OpenAPI", e);
        }
    }
}
