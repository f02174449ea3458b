/// Predictions belong to a named model; this one when no name is given (and for predictions
/// imported before models had names).
public let defaultModelName = "model"
