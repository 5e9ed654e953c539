package dev.gpudoctor.fact.section;

import java.util.List;

/** One area of the report, as read by one probe. */
public interface Section {

    /** The area's short summary for the doctor-style report (no glyphs, no colours). */
    List<AreaLine> summarize();
}
