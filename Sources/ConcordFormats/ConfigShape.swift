import Yams

/// What a concord.yaml may be before it is decoded: plain mappings, sequences and scalars with
/// scalar keys, at most `maximumNodes` values once aliases are expanded, and at most
/// `maximumDepth` deep. Checked on the composed tree, so that no config, however hostile, reaches
/// the decoder: a complex key (`? [a]`) crashed it, and an alias bomb nested eight deep took 19 s
/// and 2 GB to expand. Composing shares an alias's node instead of copying it, so it stays cheap;
/// this walk visits the expanded tree and stops at the cap. (Anchors themselves cannot be seen
/// after composing: Yams keeps a node's anchor weakly.)
enum ConfigShape {
    static let maximumNodes = 100_000
    static let maximumDepth = 32

    static func check(_ root: Node, file: String) throws {
        var nodes = 0
        func visit(_ node: Node, depth: Int) throws {
            nodes += 1
            let line = node.mark?.line
            guard nodes <= maximumNodes else {
                throw DataFileError(file: file, line: line,
                                    "the config expands to more than \(maximumNodes) values (YAML aliases?); it is not a page of settings")
            }
            guard depth <= maximumDepth else {
                throw DataFileError(file: file, line: line, "the config nests deeper than \(maximumDepth) levels")
            }
            switch node {
            case .scalar, .alias:
                return
            case .sequence(let sequence):
                for child in sequence { try visit(child, depth: depth + 1) }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard case .scalar = key else {
                        throw DataFileError(file: file, line: key.mark?.line ?? line,
                                            "a setting's name must be plain text (complex keys such as `? [a]` are not allowed)")
                    }
                    try visit(value, depth: depth + 1)
                }
            }
        }
        try visit(root, depth: 0)
    }
}
