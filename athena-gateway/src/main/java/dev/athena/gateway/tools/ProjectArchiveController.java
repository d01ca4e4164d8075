package dev.athena.gateway.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import dev.athena.memory.ExportSummary;
import dev.athena.memory.ImportReport;
import dev.athena.memory.LogValues;
import dev.athena.memory.MemoryProperties;
import dev.athena.memory.ProjectArchive;
import dev.athena.memory.ProjectExporter;
import dev.athena.memory.ProjectImporter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A project's export and import ({@link ProjectArchive}): too large for a tool's JSON answer, so they stream over
 * endpoints of their own, with the same API key and project checks as the tools. An export is written while it is read;
 * an import is read while it is written, batch by batch, and is exempt from the request body limit.
 */
@RestController
class ProjectArchiveController {

    private static final Logger log = LoggerFactory.getLogger(ProjectArchiveController.class);
    static final String IMPORT_PATH_SUFFIX = "/import";

    private final ProjectExporter exporter;
    private final ProjectImporter importer;
    private final MemoryProperties memory;
    private final ToolCallRouting routing;

    ProjectArchiveController(
            ProjectExporter exporter,
            ProjectImporter importer,
            MemoryProperties memory,
            ObjectProvider<ToolCallRouting> routing) {
        this.exporter = exporter;
        this.importer = importer;
        this.memory = memory;
        this.routing = routing.getIfAvailable(() -> ToolCallRouting.PRIMARY);
    }

    @GetMapping(path = "/projects/{project}/export")
    void export(
            @PathVariable String project,
            @RequestParam(defaultValue = "true") boolean vectors,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        String resolved = authorized(project, request);
        response.setContentType(ProjectArchive.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + resolved + ".jsonl\"");
        Writer out = new BufferedWriter(
                new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
        ExportSummary summary = exporter.export(resolved, vectors, out);
        log.info(
                "export project={} events={} memories={} links={} key={}",
                LogValues.safe(resolved),
                summary.events(),
                summary.memories(),
                summary.links(),
                Caller.of(request).keyFingerprint());
    }

    @PostMapping(path = "/projects/{project}" + IMPORT_PATH_SUFFIX, produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode importArchive(@PathVariable String project, HttpServletRequest request) throws IOException {
        String resolved = authorized(project, request);
        InputStream archive = request.getInputStream();
        // A write like the tools' writes: reads of the project wait for it on a read replica.
        ImportReport report = (ImportReport)
                routing.route("import", resolved, Caller.of(request), () -> importer.importFrom(resolved, archive));
        log.info(
                "import project={} lines={} memories={} events={} key={}",
                LogValues.safe(resolved),
                report.lines(),
                report.memoriesImported(),
                report.eventsImported(),
                Caller.of(request).keyFingerprint());
        return ToolParameterBinder.WIRE.valueToTree(report);
    }

    /** The project, checked as the tools check theirs: a well-formed name the caller's key is bound to. */
    private String authorized(String project, HttpServletRequest request) {
        String resolved = memory.resolveProject(project);
        if (!Caller.of(request).mayAccess(resolved)) {
            throw new ProjectAccessDeniedException("this API key may not access project '" + resolved + "'");
        }
        return resolved;
    }
}
