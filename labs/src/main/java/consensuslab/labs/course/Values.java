package consensuslab.labs.course;

import com.fasterxml.jackson.databind.JsonNode;

/** Comparing a value seen in a run with the one a scenario expects. */
final class Values {
    private Values() {
    }

    /** Equal as JSON, numbers by value (an int 2 is a long 2), a missing value equal to nothing. */
    static boolean same(JsonNode seen, JsonNode expected) {
        if (seen == null || seen.isMissingNode()) {
            return expected == null || expected.isNull();
        }
        if (seen.isNumber() && expected.isNumber()) {
            return seen.decimalValue().compareTo(expected.decimalValue()) == 0;
        }
        if (expected.isTextual() && !seen.isContainerNode() && !seen.isTextual()) {
            return seen.asText().equals(expected.asText());
        }
        return seen.equals(expected);
    }

    /** How a seen value is printed in a failure or a narration. */
    static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "(none)";
        }
        return v.isTextual() ? v.asText() : v.toString();
    }
}
