package io.kuberesolver.testing.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key material a test API server needs, written fresh for every server: a CA, a serving
 * certificate for 127.0.0.1 signed by it, and the service-account token signing key pair.
 *
 * <p>EC P-256 keys: generating them takes milliseconds, where RSA costs up to seconds on a cold
 * JVM. kube-apiserver accepts EC keys for serving and for signing service-account tokens (ES256).
 */
final class TestPki {
  final Path caCert;
  final Path servingCert;
  final Path servingKey;
  final Path serviceAccountPublicKey;
  final Path serviceAccountPrivateKey;

  private TestPki(Path dir) {
    this.caCert = dir.resolve("ca.crt");
    this.servingCert = dir.resolve("apiserver.crt");
    this.servingKey = dir.resolve("apiserver.key");
    this.serviceAccountPublicKey = dir.resolve("sa.pub");
    this.serviceAccountPrivateKey = dir.resolve("sa.key");
  }

  /** Writes a new CA, serving certificate and signing key pair into {@code dir}. */
  static TestPki write(Path dir) {
    return write(dir, "kuberesolver-test-ca");
  }

  /** As {@link #write(Path)}, with the CA's common name (two servers' CAs must not be mistaken). */
  static TestPki write(Path dir, String caName) {
    TestPki pki = new TestPki(dir);
    try {
      Files.createDirectories(dir);
      KeyPair caKey = ecKeyPair();
      X500Name caSubject = new X500Name("CN=" + caName);
      Instant now = Instant.now();
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caSubject, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), caSubject,
          caKey.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate caCertificate = sign(ca, caKey);

      KeyPair servingKey = ecKeyPair();
      X509v3CertificateBuilder serving = new JcaX509v3CertificateBuilder(caSubject, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
          new X500Name("CN=kube-apiserver"), servingKey.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.dNSName, "kubernetes.default.svc")}));
      X509Certificate servingCertificate = sign(serving, caKey);

      KeyPair signing = ecKeyPair();
      writePem(pki.caCert, caCertificate);
      writePem(pki.servingCert, servingCertificate);
      writePem(pki.servingKey, servingKey.getPrivate());
      writePem(pki.serviceAccountPublicKey, signing.getPublic());
      writePem(pki.serviceAccountPrivateKey, signing.getPrivate());
      return pki;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("could not create the test API server's keys", e);
    }
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256, new SecureRandom());
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  /**
   * PEM of the JDK's own encodings: X.509 for certificates, SubjectPublicKeyInfo ("PUBLIC KEY") and
   * PKCS#8 ("PRIVATE KEY") for keys, which Go's crypto/x509 reads. (Bouncy Castle's PEM writer
   * emits EC private keys with explicit curve parameters, which kube-apiserver rejects.)
   */
  private static void writePem(Path file, Object object) throws IOException {
    String type;
    byte[] der;
    try {
      if (object instanceof X509Certificate) {
        type = "CERTIFICATE";
        der = ((X509Certificate) object).getEncoded();
      } else if (object instanceof PublicKey) {
        type = "PUBLIC KEY";
        der = ((PublicKey) object).getEncoded();
      } else {
        type = "PRIVATE KEY";
        der = ((PrivateKey) object).getEncoded();
      }
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException(e);
    }
    String pem = "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
    Files.write(file, pem.getBytes(StandardCharsets.US_ASCII));
  }
}
