package dev.athena.consolidation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.memory.EpisodicEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives events left alone by session and time a second chance: a singleton joins the cluster, close to it in time,
 * whose events it is most similar to by meaning (the embedder's {@code clustering} purpose). Without an embedder the
 * singletons simply stay alone and are skipped.
 */
@Component
class SingletonAttacher {

    /** On MiniLM's scale, like every similarity threshold ({@code EmbeddingModelInfo#rawSimilarity}). */
    static final double MIN_SIMILARITY = 0.6;

    private static final Logger log = LoggerFactory.getLogger(SingletonAttacher.class);

    private final EmbeddingClient embeddings;

    SingletonAttacher(EmbeddingClient embeddings) {
        this.embeddings = embeddings;
    }

    List<EventCluster> attach(List<EventCluster> clusters, Duration timeGap, Duration timeout) {
        List<EventCluster> singletons =
                clusters.stream().filter(c -> c.size() == 1).toList();
        List<EventCluster> groups = clusters.stream().filter(c -> c.size() > 1).toList();
        if (singletons.isEmpty() || groups.isEmpty()) {
            return clusters;
        }
        Set<EpisodicEvent> needed = new LinkedHashSet<>();
        Map<EventCluster, List<EventCluster>> neighbours = new IdentityHashMap<>();
        for (EventCluster singleton : singletons) {
            List<EventCluster> near = groups.stream()
                    .filter(g -> near(g, singleton.events().get(0), timeGap))
                    .toList();
            if (!near.isEmpty()) {
                neighbours.put(singleton, near);
                needed.add(singleton.events().get(0));
                near.forEach(g -> needed.addAll(g.events()));
            }
        }
        if (neighbours.isEmpty()) {
            return clusters;
        }
        Map<EpisodicEvent, float[]> vectors = embed(new ArrayList<>(needed), timeout);
        if (vectors.isEmpty()) {
            return clusters;
        }
        Map<EventCluster, List<EpisodicEvent>> grown = new IdentityHashMap<>();
        groups.forEach(g -> grown.put(g, new ArrayList<>(g.events())));
        List<EventCluster> result = new ArrayList<>();
        for (EventCluster singleton : singletons) {
            EpisodicEvent event = singleton.events().get(0);
            EventCluster best = null;
            double bestSimilarity = embeddings.model().rawSimilarity(MIN_SIMILARITY);
            for (EventCluster group : neighbours.getOrDefault(singleton, List.of())) {
                double similarity = cosine(vectors.get(event), centroid(group, vectors));
                if (similarity >= bestSimilarity) {
                    best = group;
                    bestSimilarity = similarity;
                }
            }
            if (best == null) {
                result.add(singleton);
            } else {
                grown.get(best).add(event);
            }
        }
        for (EventCluster group : groups) {
            List<EpisodicEvent> events = grown.get(group);
            events.sort(Comparator.comparing(EpisodicEvent::occurredAt).thenComparing(EpisodicEvent::id));
            result.add(new EventCluster(events));
        }
        result.sort(Comparator.comparing(c -> c.events().get(0).occurredAt()));
        return result;
    }

    private Map<EpisodicEvent, float[]> embed(List<EpisodicEvent> events, Duration timeout) {
        try {
            List<float[]> vectors = embeddings
                    .embed(events.stream().map(EpisodicEvent::content).toList(), EmbeddingPurpose.CLUSTERING)
                    .block(timeout);
            Map<EpisodicEvent, float[]> byEvent = new IdentityHashMap<>();
            for (int i = 0; i < events.size(); i++) {
                byEvent.put(events.get(i), vectors.get(i));
            }
            return byEvent;
        } catch (RuntimeException e) {
            log.info("clustering by meaning skipped, embedder unavailable: {}", e.getMessage());
            return Map.of();
        }
    }

    private static boolean near(EventCluster group, EpisodicEvent event, Duration timeGap) {
        var start = group.events().get(0).occurredAt().minus(timeGap);
        var end = group.events().get(group.size() - 1).occurredAt().plus(timeGap);
        return !event.occurredAt().isBefore(start) && !event.occurredAt().isAfter(end);
    }

    private static float[] centroid(EventCluster group, Map<EpisodicEvent, float[]> vectors) {
        float[] sum = new float[vectors.values().iterator().next().length];
        for (EpisodicEvent event : group.events()) {
            float[] v = vectors.get(event);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return sum;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
