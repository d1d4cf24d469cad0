// Reads a GraphML file with JGraphT's GraphMLImporter, schema validation on (the importer
// that refused kg's files while edge ids held spaces), and prints what it saw as JSON:
//   {"nodes": N, "edges": M, "labels": {"node id": "label", ...}}
// Run by tests/export/test_validity.py with Java's source launcher:
//   java -cp /usr/share/java/jgrapht-io.jar tests/export/ReadGraphML.java FILE directed|undirected
import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.graph.Pseudograph;
import org.jgrapht.nio.graphml.GraphMLImporter;

public class ReadGraphML {
    public static void main(String[] args) throws Exception {
        Graph<String, DefaultEdge> graph = args[1].equals("directed")
            ? new DirectedPseudograph<>(null, DefaultEdge::new, false)
            : new Pseudograph<>(null, DefaultEdge::new, false);
        Map<String, String> labels = new TreeMap<>();
        GraphMLImporter<String, DefaultEdge> importer = new GraphMLImporter<>();
        importer.setSchemaValidation(true);
        importer.setVertexFactory(id -> id);  // the file's node ids, as they are
        importer.addVertexAttributeConsumer((pair, attribute) -> {
            if (pair.getSecond().equals("label")) {
                labels.put(pair.getFirst(), attribute.getValue());
            }
        });
        importer.importGraph(graph, new File(args[0]));
        StringBuilder out = new StringBuilder();
        out.append("{\"nodes\": ").append(graph.vertexSet().size())
           .append(", \"edges\": ").append(graph.edgeSet().size()).append(", \"labels\": {");
        String separator = "";
        for (Map.Entry<String, String> entry : labels.entrySet()) {
            out.append(separator).append(quote(entry.getKey())).append(": ")
               .append(quote(entry.getValue()));
            separator = ", ";
        }
        System.out.println(out.append("}}"));
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
