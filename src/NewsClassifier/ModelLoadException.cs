namespace NewsClassifier;

/// <summary>A model folder that cannot be trusted or read; the message says what to do.</summary>
public sealed class ModelLoadException : Exception
{
    private ModelLoadException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    internal static ModelLoadException FolderMissing(string folder) =>
        new($"The model folder '{folder}' does not exist. Name a model folder made by training, or rebuild the project that references NewsClassifier to restore the shipped model.");

    internal static ModelLoadException CardMissing(string folder) =>
        new($"The model folder '{folder}' has no {ModelCard.FileName}. Retrain, or name a complete model folder.");

    internal static ModelLoadException CardUnreadable(string path, Exception inner) =>
        new($"The model card '{path}' is not valid JSON ({inner.Message}). Restore the folder from its source or retrain.", inner);

    internal static ModelLoadException WrongSchema(string folder, int found) =>
        new($"The model folder '{folder}' has schema version {found}, but this version of NewsClassifier reads version {ModelCard.CurrentSchemaVersion}. Retrain it with this version ('newsclf train') or use the NewsClassifier release that wrote it.");

    internal static ModelLoadException CardInvalid(string path, IReadOnlyList<string> problems) =>
        new($"The model card '{path}' cannot be trusted: {string.Join("; ", problems)}. Restore the folder from its source or retrain ('newsclf train'); a card is not meant to be edited by hand (to try other thresholds, pass --min-score).");

    internal static ModelLoadException NotARegularFile(string path, string what) =>
        new($"The model file '{path}' is {what}. A model folder holds only regular files written by 'newsclf train': restore the folder or retrain.");

    internal static ModelLoadException FileMissing(string path) =>
        new($"The model file '{path}' named in the model card is missing. Restore the whole model folder or retrain.");

    internal static ModelLoadException ChecksumMismatch(string path, string expected, string actual) =>
        new($"The model file '{path}' does not match its model card (SHA-256 {actual[..12]}..., card says {expected[..12]}...): it is corrupted or was replaced. Restore the folder from its source or retrain; NewsClassifier will not use it.");

    internal static ModelLoadException Unreadable(string path, Exception inner) =>
        new($"The model file '{path}' cannot be read ({inner.GetType().Name}: {inner.Message}). Restore the folder or retrain.", inner);

    // [embed] accurate mode: the embedding model a card names must be the one this build carries.
    internal static ModelLoadException UnknownEmbeddingModel(string folder, string name, IEnumerable<string> known) =>
        new($"The model folder '{folder}' was trained with the sentence-embedding model '{name}', which this build of NewsClassifier does not carry (it carries: {string.Join(", ", known)}). Use the release that trained it, or retrain with 'newsclf train --embeddings' and one of those.");

    internal static ModelLoadException EmbeddingModelDiffers(string folder, string name, string detail) =>
        new($"The model folder '{folder}' needs the sentence-embedding model '{name}' it was trained with, but {detail}. Retrain it with this build ('newsclf train --embeddings {name}') or use the release that trained it.");

    internal static ModelLoadException LabelsDisagree(string path, string detail) =>
        new($"The model file '{path}' does not match its model card: {detail}. Restore the folder or retrain.");
}
