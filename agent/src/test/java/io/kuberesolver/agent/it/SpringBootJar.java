package io.kuberesolver.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Writes a Spring Boot executable jar (the layout spring-boot-maven-plugin's repackage produces):
 * the loader's classes at the root, the application under BOOT-INF/classes, its libraries stored
 * (uncompressed) under BOOT-INF/lib, started by JarLauncher with LaunchedClassLoader.
 */
final class SpringBootJar {
  private SpringBootJar() {}

  static Path write(Path jar, Path loaderJar, Path classesDir, List<String> libs, String startClass) throws IOException {
    Manifest mf = new Manifest();
    Attributes a = mf.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
    a.putValue("Start-Class", startClass);
    a.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
    a.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
      try (JarInputStream loader = new JarInputStream(Files.newInputStream(loaderJar))) {
        JarEntry e;
        while ((e = loader.getNextJarEntry()) != null) {
          if (e.getName().startsWith("org/") && !e.isDirectory()) {
            out.putNextEntry(new JarEntry(e.getName()));
            loader.transferTo(out);
            out.closeEntry();
          }
        }
      }
      // The launcher finds BOOT-INF/classes/ and BOOT-INF/lib/ by their directory entries.
      for (String d : new String[] {"BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/io/",
          "BOOT-INF/classes/io/kuberesolver/", "BOOT-INF/classes/io/kuberesolver/agentfixture/", "BOOT-INF/lib/"}) {
        out.putNextEntry(new JarEntry(d));
        out.closeEntry();
      }
      try (Stream<Path> files = Files.walk(classesDir.resolve("io/kuberesolver/agentfixture"))) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          out.putNextEntry(new JarEntry("BOOT-INF/classes/" + classesDir.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      for (String lib : libs) {
        Path p = Path.of(lib);
        byte[] bytes = Files.readAllBytes(p);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        JarEntry e = new JarEntry("BOOT-INF/lib/" + p.getFileName());
        e.setMethod(JarEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        e.setCrc(crc.getValue());
        out.putNextEntry(e);
        out.write(bytes);
        out.closeEntry();
      }
    }
    return jar;
  }

}
