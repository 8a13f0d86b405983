/// Bytes of code and constants (text), initialised data and zeroed data (bss), as `size` reports them.
public struct SectionSizes: Equatable, Sendable {
    /// Code and read-only data.
    public var text: Int
    /// Initialised writable data.
    public var data: Int
    /// Zero-initialised writable data.
    public var bss: Int

    /// Sizes from the Berkeley-format output of `arm-none-eabi-size` (second line: text data bss …).
    public init?(berkeleyOutput: String) {
        let lines = berkeleyOutput.split(separator: "\n")
        guard lines.count >= 2 else { return nil }
        let fields = lines[1].split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard fields.count >= 3 else { return nil }
        self.init(text: fields[0], data: fields[1], bss: fields[2])
    }

    /// Sizes from explicit counts.
    public init(text: Int, data: Int, bss: Int) {
        self.text = text
        self.data = data
        self.bss = bss
    }

    /// What the linker kept from input file `object` (its name as it appears in the map), read
    /// from a GNU ld map file: .text*/.rodata* count as text, .data* as data, .bss* as bss.
    public init(linkMap: String, object: String) {
        self.init(text: 0, data: 0, bss: 0)
        let lines = linkMap.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Linker script and memory map") }) else { return }
        var pendingSection: Substring?
        for line in lines[start...] {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix(" .") && fields.count == 1 {
                pendingSection = fields[0]  // A long section name: address, size and file follow on the next line.
                continue
            }
            let section: Substring
            let rest: ArraySlice<Substring>
            if let pending = pendingSection, line.hasPrefix("  "), fields.count == 3 {
                section = pending
                rest = fields[...]
            } else if line.hasPrefix(" ."), fields.count == 4 {
                section = fields[0]
                rest = fields[1...]
            } else {
                pendingSection = nil
                continue
            }
            pendingSection = nil
            guard rest.last!.hasSuffix(object), let size = Int(rest[rest.startIndex + 1].dropFirst(2), radix: 16) else { continue }
            if section.hasPrefix(".text") || section.hasPrefix(".rodata") {
                text += size
            } else if section.hasPrefix(".data") {
                data += size
            } else if section.hasPrefix(".bss") {
                bss += size
            }
        }
    }

    /// Sizes from `llvm-nm` output of an image linked with virt-aarch64.ld, which marks its layout:
    /// text from `edge_image_start` to `edge_text_end` (code and constants), data up to
    /// `edge_data_end`, bss from `edge_bss_start` to `edge_stack_top` (zeroed data, arena, stack).
    public init?(layoutSymbols: String) {
        var addresses: [Substring: Int] = [:]
        for line in layoutSymbols.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, let address = Int(fields[0], radix: 16) { addresses[fields[2]] = address }
        }
        guard let start = addresses["edge_image_start"], let textEnd = addresses["edge_text_end"],
              let dataEnd = addresses["edge_data_end"], let bssStart = addresses["edge_bss_start"],
              let stackTop = addresses["edge_stack_top"] else { return nil }
        self.init(text: textEnd - start, data: dataEnd - textEnd, bss: stackTop - bssStart)
    }

    /// What ld.lld kept from input file `object`, read from its `-Map` file (columns VMA, LMA, size,
    /// alignment, then `path/object:(section)`): .text*/.rodata* count as text, .data* as data, .bss* as bss.
    public init(lldMap: String, object: String) { self.init(lldMap: lldMap, objects: [object]) }

    /// What ld.lld kept from the input files `objects`, summed.
    public init(lldMap: String, objects: [String]) {
        self.init(text: 0, data: 0, bss: 0)
        for line in lldMap.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 5, fields[4].hasSuffix(")"),
                  let open = objects.lazy.compactMap({ fields[4].range(of: $0 + ":(") }).first,
                  open.lowerBound == fields[4].startIndex || fields[4][fields[4].index(before: open.lowerBound)] == "/",
                  let size = Int(fields[2], radix: 16) else { continue }
            let section = fields[4][open.upperBound...].dropLast()
            if section.hasPrefix(".text") || section.hasPrefix(".rodata") {
                text += size
            } else if section.hasPrefix(".data") {
                data += size
            } else if section.hasPrefix(".bss") {
                bss += size
            }
        }
    }
}
