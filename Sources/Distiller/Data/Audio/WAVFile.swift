/// A mono 16-bit PCM WAV file (RIFF/WAVE with a `fmt ` chunk of format tag 1 and a `data` chunk),
/// the format of the Free Spoken Digit recordings.
///
/// Chunks other than `fmt ` and `data` are skipped; anything else that is not mono 16-bit PCM is
/// rejected with a ``DatasetError`` naming the file and the problem.
public struct WAVFile: Sendable, Equatable {
    /// Samples per second.
    public var sampleRate: Int
    /// The samples scaled to `[-1, 1)` (a 16-bit value divided by 32 768).
    public var samples: [Float]

    /// Creates a recording from samples.
    public init(sampleRate: Int, samples: [Float]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// Parses the bytes of a WAV file; `name` appears in errors.
    public init(parsing bytes: [UInt8], name: String = "WAV") throws(DatasetError) {
        func fail(_ reason: String) -> DatasetError { .malformed(path: name, reason: reason) }
        func readUInt32(_ offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
        }
        func readUInt16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        func tag(_ offset: Int) -> String { String(decoding: bytes[offset..<offset + 4], as: UTF8.self) }

        guard bytes.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else { throw fail("not a RIFF/WAVE file") }
        var offset = 12
        var sampleRate: Int?
        var samples: [Float]?
        while offset + 8 <= bytes.count {
            let (chunk, size) = (tag(offset), readUInt32(offset + 4))
            let body = offset + 8
            guard size <= bytes.count - body else { throw fail("chunk '\(chunk)' of \(size) bytes runs past the end of the file") }
            switch chunk {
            case "fmt ":
                guard size >= 16 else { throw fail("'fmt ' chunk of \(size) bytes, expected at least 16") }
                let (format, channels, bits) = (readUInt16(body), readUInt16(body + 2), readUInt16(body + 14))
                guard format == 1 else { throw fail("format tag \(format), only PCM (1) is supported") }
                guard channels == 1 else { throw fail("\(channels) channels, only mono is supported") }
                guard bits == 16 else { throw fail("\(bits) bits per sample, only 16 is supported") }
                sampleRate = readUInt32(body + 4)
                guard sampleRate! > 0 else { throw fail("sample rate 0") }
            case "data":
                guard sampleRate != nil else { throw fail("'data' chunk before the 'fmt ' chunk") }
                guard size % 2 == 0 else { throw fail("'data' chunk of \(size) bytes is not a whole number of 16-bit samples") }
                samples = bytes.withUnsafeBufferPointer { source in
                    [Float](unsafeUninitializedCapacity: size / 2) { values, initialized in
                        for index in 0..<size / 2 {
                            let low = UInt16(source[body + 2 * index]), high = UInt16(source[body + 2 * index + 1])
                            values[index] = Float(Int16(bitPattern: low | high << 8)) / 32768
                        }
                        initialized = size / 2
                    }
                }
            default:
                break
            }
            offset = body + size + (size & 1)
        }
        guard let sampleRate else { throw fail("no 'fmt ' chunk") }
        guard let samples else { throw fail("no 'data' chunk") }
        self.init(sampleRate: sampleRate, samples: samples)
    }

    /// The file's bytes: RIFF/WAVE, a 16-byte `fmt ` chunk (PCM, mono, 16 bits) and the samples,
    /// each rounded to 16 bits (values outside `[-1, 1)` are clipped).
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        func word(_ value: Int) { bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        func half(_ value: Int) { bytes += (0..<2).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        bytes += Array("RIFF".utf8); word(36 + 2 * samples.count); bytes += Array("WAVEfmt ".utf8)
        word(16); half(1); half(1); word(sampleRate); word(2 * sampleRate); half(2); half(16)
        bytes += Array("data".utf8); word(2 * samples.count)
        for sample in samples { half(Int(max(-32_768, min(32_767, (sample * 32_768).rounded())))) }
        return bytes
    }
}
