package dev.nabla.bench;
