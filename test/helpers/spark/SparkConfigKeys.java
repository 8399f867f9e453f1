// Prints every configuration key Spark itself defines (one a line): the ConfigEntry registry that Spark's
// config objects fill when their classes initialise. Run in source-file mode with spark-core on the class
// path: java -cp <spark jars> SparkConfigKeys.java <spark-core jar>
// test/spark/spark-settings.test.ts checks the generated spark-defaults.conf against this list.
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;

public class SparkConfigKeys {
  public static void main(String[] args) throws Exception {
    ClassLoader loader = SparkConfigKeys.class.getClassLoader();
    // Every Scala object under org.apache.spark.internal.config (package$, History$, UI$, Worker$, ...) and
    // the object companions elsewhere that declare entries register them when initialised.
    try (JarFile jar = new JarFile(args[0])) {
      List<String> names = Collections.list(jar.entries()).stream()
          .map(e -> e.getName())
          .filter(n -> n.startsWith("org/apache/spark/internal/config/") && n.endsWith("$.class") && !n.contains("$$"))
          .toList();
      for (String name : names) {
        Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), true, loader);
      }
    }
    Class<?> registry = Class.forName("org.apache.spark.internal.config.ConfigEntry$", true, loader);
    Object module = registry.getField("MODULE$").get(null);
    @SuppressWarnings("unchecked")
    Map<String, Object> known = (Map<String, Object>) registry.getMethod("knownConfigs").invoke(module);
    for (String key : new TreeSet<>(known.keySet())) System.out.println(key);
  }
}
