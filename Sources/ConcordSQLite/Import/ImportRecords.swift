import ConcordDomain
import ConcordStore
import ConcordFormats
import GRDB

/// The records of one file, read and shaped on a thread of their own (`ReadAhead`), in batches.
/// A bad record ends its batch with the error, after the records before it.
final class ImportRecords {
    struct Batch {
        /// The records of an annotation file.
        var records: [ImportRecord] = []
        /// The records of an items file, packed (see PackedItems).
        var items = PackedItems()
        /// Running totals from the start of the file.
        var rowsRead = 0
        var filteredOut = 0
        var bytesRead = 0
        /// With the last batch: the file's SHA-256, if the reader hashed it as it read.
        var contentSHA256: String?
        /// With the last batch: the model predictions the file carried beside its answers.
        var predictions: [CarriedPrediction] = []
        var error: Error?
        var isLast = false
    }

    private let readAhead: ReadAhead<Batch>
    private var finished = false

    /// Starts reading. With `itemKeysFrom`, the reading thread also finds the id of each record's
    /// item through a connection of its own (ItemKeyResolver), which takes that work off the
    /// writing thread. Its snapshot is the database as committed, so pass it only when every
    /// item the file may name was committed before the import began.
    init(reader: any RecordReader, shaper: RecordShaper, itemKeysFrom pool: DatabasePool? = nil, recordsPerBatch: Int = 2048) {
        let packItems = shaper.layout.form == .items
        readAhead = ReadAhead { send in
            var reader = reader
            var shaper = shaper
            var values: [String?] = []
            var totals = Batch()
            var previous: (key: String, id: Int64)?
            func produce(_ itemKeys: ItemKeyResolver?) {
                while true {
                    var batch = Batch()
                    var shaped = 0
                    if packItems {
                        batch.items.spans.reserveCapacity(recordsPerBatch * PackedItems.fieldsPerRow)
                    } else {
                        batch.records.reserveCapacity(recordsPerBatch)
                    }
                    do {
                        while shaped < recordsPerBatch, let line = try reader.next(into: &values) {
                            totals.rowsRead += 1
                            guard var record = try shaper.shape(values, line: line) else {
                                totals.filteredOut += 1
                                continue
                            }
                            if packItems {
                                batch.items.append(record)
                            } else {
                                if let itemKeys, record.item == nil {
                                    if let previous, previous.key == record.itemKey {
                                        record.itemID = previous.id
                                    } else if let id = try itemKeys.id(for: record.itemKey) {
                                        record.itemID = id
                                        previous = (record.itemKey, id)
                                    }
                                }
                                batch.records.append(record)
                            }
                            shaped += 1
                        }
                        batch.isLast = shaped < recordsPerBatch
                    } catch {
                        batch.error = error
                        batch.isLast = true
                    }
                    batch.rowsRead = totals.rowsRead
                    batch.filteredOut = totals.filteredOut
                    batch.bytesRead = reader.bytesRead
                    if batch.isLast {
                        batch.contentSHA256 = reader.contentSHA256
                        batch.predictions = reader.predictions
                    }
                    guard send(batch), !batch.isLast else { return }
                }
            }
            if let pool, (try? pool.read({ db in produce(ItemKeyResolver(db)) })) != nil { return }
            produce(nil)  // no reading connection: the writer finds the items
        }
    }

    /// The next batch, or nil after the last one.
    func next() -> Batch? {
        guard !finished else { return nil }
        let batch = readAhead.next()
        finished = batch.isLast
        return batch
    }

    /// Lets the reading thread end; call when done, also on error.
    func stop() { readAhead.stop() }
}
