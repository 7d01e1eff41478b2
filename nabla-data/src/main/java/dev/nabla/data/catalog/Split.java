package dev.nabla.data.catalog;

/** Which part of a catalog dataset to load. */
public enum Split { TRAIN, TEST }
