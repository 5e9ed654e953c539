package dev.gpudoctor.probe.driver;

import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The JDK's DOM parser, hardened for text that comes from a host. nvidia-smi's XML starts with
 * {@code <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v13.dtd">}, so a DOCTYPE must be accepted;
 * the external DTD is never fetched and no external entity is resolved.
 */
final class SafeXml {

    private SafeXml() {
    }

    static Document parse(String text) throws ParserConfigurationException, SAXException, java.io.IOException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        DocumentBuilder b = f.newDocumentBuilder();
        // Belt and braces: whatever a DOCTYPE names, it resolves to nothing.
        b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        // The default handler prints "[Fatal Error]" to stderr; the caller reports errors itself.
        b.setErrorHandler(new DefaultHandler() {
            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return b.parse(new InputSource(new StringReader(text)));
    }
}
