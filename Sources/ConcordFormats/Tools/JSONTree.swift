import Foundation

/// Reading values out of a parsed JSON object (`JSONSerialization`) by a dotted path such as
/// `data.source_id`, the way `--item-key` and `--text-key` name them.
enum JSONTree {
    /// The value at `path` in `object`; nil when a step is missing or not an object.
    static func value(at path: String, in object: [String: Any]) -> Any? {
        var current: Any? = object
        for step in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let dictionary = current as? [String: Any] else { return nil }
            current = dictionary[String(step)]
        }
        return current
    }

    /// A scalar as import text: strings as they are, numbers and booleans as JSON writes them;
    /// nil for null, arrays and objects.
    static func scalarText(_ value: Any?) -> String? {
        switch value {
        case let string as String: return string
        case let number as NSNumber:
            // JSONSerialization gives true and false as NSNumbers of type "c" (char).
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        default: return nil
        }
    }

    /// The object in `bytes`, or the error a person can read.
    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw Problem("not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription))")
        }
        guard let object = parsed as? [String: Any] else { throw Problem("not a JSON object") }
        return object
    }

    /// Whether `value` is JSON's true or false (not a number that happens to be 0 or 1).
    static func isBool(_ value: Any?) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// A message without a place; the reader adds file, line and path.
    struct Problem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
